using System.Text.Json;
using Microsoft.Playwright;

namespace EndToEnd.Infrastructure;

/// <summary>The server's /play page in Chromium, read through <c>RTCPeerConnection.getStats()</c>.</summary>
public sealed class PlayerPage
{
    private const string ReadStats = """
        async () => {
          const p = window.player;
          // The player may drop its connection (a retry) while getStats runs: read the one asked.
          const pc = p && p.pc;
          if (!pc) return null;
          const report = await pc.getStats();
          let v = null, a = null, pair = null;
          report.forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') v = s;
            if (s.type === 'inbound-rtp' && s.kind === 'audio') a = s;
            if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s;
          });
          if (!v) return { connection: pc.connectionState, connects: p.connects };
          return {
            connection: pc.connectionState, connects: p.connects,
            framesDecoded: v.framesDecoded || 0, framesDropped: v.framesDropped || 0,
            frameWidth: v.frameWidth || 0, frameHeight: v.frameHeight || 0,
            freezeCount: v.freezeCount || 0, totalFreezesDuration: v.totalFreezesDuration || 0,
            packetsLost: v.packetsLost || 0, packetsReceived: v.packetsReceived || 0,
            nackCount: v.nackCount || 0, pliCount: v.pliCount || 0,
            retransmittedPacketsReceived: v.retransmittedPacketsReceived || 0,
            jitterBufferMs: v.jitterBufferEmittedCount ? 1000 * v.jitterBufferDelay / v.jitterBufferEmittedCount : 0,
            firstFrameMs: p.firstFrameMs,
            audioSamplesReceived: a ? a.totalSamplesReceived || 0 : 0,
            audioConcealedSamples: a ? a.concealedSamples || 0 : 0,
            audioPacketsReceived: a ? a.packetsReceived || 0 : 0,
            roundTripMs: pair && pair.currentRoundTripTime !== undefined ? 1000 * pair.currentRoundTripTime : null
          };
        }
        """;

    private readonly List<string> _console = [];

    private PlayerPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            lock (_console)
            {
                _console.Add(message.Text);
            }
        };
    }

    /// <summary>The page's status line and console output, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        string status = await Page.EvaluateAsync<string>("() => document.getElementById('status').textContent");
        lock (_console)
        {
            return $"status: '{status}'; console: {string.Join(" | ", _console)}";
        }
    }

    /// <summary>The Playwright page.</summary>
    public IPage Page { get; }

    /// <summary>Opens <c>/play/{stream}</c>, after <paramref name="prepare"/> (e.g. request routing) ran on the page.</summary>
    public static async Task<PlayerPage> OpenAsync(ChromiumBrowser browser, Uri server, string stream, Func<IPage, Task>? prepare = null) =>
        new(await browser.OpenAsync(new Uri(server, "/play/" + Uri.EscapeDataString(stream)), prepare));

    /// <summary>The WHEP session id the server gave this player (the last segment of its session URL).</summary>
    public async Task<string> SessionIdAsync() =>
        (await Page.EvaluateAsync<string>("() => window.player.sessionUrl || ''")).Split('/')[^1];

    /// <summary>Opens a player URL path the server handed out (e.g. a private stream's, with its token).</summary>
    public static async Task<PlayerPage> OpenPathAsync(ChromiumBrowser browser, Uri server, string pathAndQuery) =>
        new(await browser.OpenAsync(new Uri(server, pathAndQuery)));

    /// <summary>Current inbound video statistics.</summary>
    public async Task<VideoStats> StatsAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement?>(ReadStats);
        return json is { ValueKind: JsonValueKind.Object } element
            ? element.Deserialize<VideoStats>(new JsonSerializerOptions { PropertyNameCaseInsensitive = true }) ?? new VideoStats()
            : new VideoStats();
    }

    /// <summary>Waits until a frame is decoded, returning the stats at that point.</summary>
    public async Task<VideoStats> WaitForFirstFrameAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stats = await StatsAsync();
            if (stats.FramesDecoded > 0 && stats.FirstFrameMs is not null)
            {
                return stats;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no frame decoded within {timeout}: {stats}; {await DiagnosticsAsync()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Closes the page (the viewer vanishes without DELETE when <paramref name="runUnload"/> is false).</summary>
    public Task CloseAsync(bool runUnload = true) => Page.CloseAsync(new PageCloseOptions { RunBeforeUnload = runUnload });
}

/// <summary>Inbound video statistics as the player page reads them.</summary>
public sealed record VideoStats
{
    public string? Connection { get; init; }

    public int Connects { get; init; }

    public long FramesDecoded { get; init; }

    public long FramesDropped { get; init; }

    public int FrameWidth { get; init; }

    public int FrameHeight { get; init; }

    public long FreezeCount { get; init; }

    public double TotalFreezesDuration { get; init; }

    public long PacketsLost { get; init; }

    public long PacketsReceived { get; init; }

    public long NackCount { get; init; }

    /// <summary>Gets RTX packets the viewer received.</summary>
    public long RetransmittedPacketsReceived { get; init; }

    public long PliCount { get; init; }

    public double JitterBufferMs { get; init; }

    public double? FirstFrameMs { get; init; }

    public long AudioSamplesReceived { get; init; }

    public long AudioConcealedSamples { get; init; }

    public long AudioPacketsReceived { get; init; }

    /// <summary>The viewer's latest STUN round trip on its candidate pair (its consent checks), when measured.</summary>
    public double? RoundTripMs { get; init; }
}

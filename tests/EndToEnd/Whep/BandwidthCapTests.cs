using System.Net;
using System.Net.Sockets;
using System.Text;
using EndToEnd.Infrastructure;
using Sfu.Admin.V1;
using Xunit.Abstractions;

namespace EndToEnd.Whep;

/// <summary>
/// A viewer whose downlink narrows to 1.5 Mbit/s under a 2.5 Mbit/s stream, then widens again: a userspace
/// bottleneck (rate limit with a drop-tail queue, 20 ms delay) between Chromium and the server. With the bandwidth
/// estimate driving the audio-only fallback the viewer keeps clean audio while the link is narrow and gets video
/// back when it widens; without it, audio and video both drown in the bottleneck's queue. Both runs in one test.
/// </summary>
public sealed class BandwidthCapTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Open = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Capped = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Reopened = TimeSpan.FromSeconds(18);

    private static readonly ImpairmentProfile NarrowLink = new()
    {
        RateLimitBitsPerSecond = 1_500_000,
        Delay = TimeSpan.FromMilliseconds(20),
        Seed = 3,

        // A real bottleneck queues everything that crosses it: the server's answers to the viewer's STUN consent
        // checks wait behind the media, so the round trip the viewer measures includes the queue its audio waits in.
        MediaOnly = false,
    };

    [Fact]
    public async Task AViewerUnderABandwidthCapSwitchesToAudioOnlyAndBackInsteadOfFreezing()
    {
        var adaptive = await PlayThroughCapAsync(fallback: true);
        var fixedRate = await PlayThroughCapAsync(fallback: false);
        output.WriteLine($"audio-only fallback: {adaptive}");
        output.WriteLine($"without fallback:    {fixedRate}");
        output.WriteLine("timeline with fallback (s: layer, estimate kbit/s, frames decoded, audio concealed %):");
        output.WriteLine(adaptive.Timeline);
        output.WriteLine("timeline without fallback:");
        output.WriteLine(fixedRate.Timeline);

        // The estimate saw the narrow link and the viewer was moved to audio only, as the operator API shows.
        Assert.NotNull(adaptive.SwitchedToAudioOnlyAfter);
        Assert.True(adaptive.SwitchedToAudioOnlyAfter < TimeSpan.FromSeconds(9), $"audio only after {adaptive.SwitchedToAudioOnlyAfter}");
        Assert.Equal("audio-only", adaptive.LayerSeenByOperatorWhileCapped);
        Assert.InRange(adaptive.EstimateSeenByOperatorWhileCapped, 100_000, 1_600_000);
        Assert.Equal(1, adaptive.AudioOnlyViewersInMetrics);
        Assert.True(adaptive.EstimateSamplesBelow1500k >= 1, "no estimate sample at or below 1.5 Mbit/s in the /metrics histogram");

        // While on audio only, audio played: packets kept coming and little of it was concealed.
        Assert.True(adaptive.CappedAudioSeconds >= 5, $"only {adaptive.CappedAudioSeconds} whole seconds on audio only");
        Assert.True(adaptive.CappedAudioPacketsPerSecond >= 40, $"{adaptive.CappedAudioPacketsPerSecond:0} audio packets/s while on audio only");
        // A stalled encoder or machine (measured, not the server's doing) leaves a gap Chromium conceals: allowed on top.
        double stalledShare = adaptive.Stalled.TotalSeconds / Math.Max(1, adaptive.CappedAudioSeconds);
        Assert.True(adaptive.CappedAudioConcealed < 0.05 + stalledShare, $"{adaptive.CappedAudioConcealed:P0} of the audio concealed while on audio only; {adaptive.Stalls}");

        // Without the fallback the same link keeps its queue full: everything the viewer gets, audio included, waits
        // in it. With the fallback the queue drains and the round trip is back to the path's own.
        Assert.True(fixedRate.CappedRoundTrip >= TimeSpan.FromMilliseconds(150), $"without fallback the round trip was only {fixedRate.CappedRoundTrip.TotalMilliseconds:0} ms: the link was not narrow enough to compare");
        Assert.True(adaptive.CappedRoundTrip * 3 <= fixedRate.CappedRoundTrip, $"round trip {adaptive.CappedRoundTrip.TotalMilliseconds:0} ms vs {fixedRate.CappedRoundTrip.TotalMilliseconds:0} ms");

        // The player stayed on its PeerConnection: audio kept flowing, so it had no reason to reconnect.
        Assert.Equal(0, adaptive.Reconnects);

        // Once the link widens, a video trial succeeds and the viewer decodes full-resolution video again.
        Assert.Equal("full", adaptive.FinalLayer);
        Assert.True(adaptive.FinalFramesPerSecond >= 20, $"{adaptive.FinalFramesPerSecond:0.0} frames/s decoded at the end");
        Assert.Equal((640, 360), adaptive.FinalResolution);
    }

    private async Task<CapRun> PlayThroughCapAsync(bool fallback)
    {
        int mediaPort = UdpImpairmentProxy.FreeUdpPort();
        using var proxy = UdpImpairmentProxy.Start(new IPEndPoint(IPAddress.Loopback, mediaPort), ImpairmentProfile.None, ImpairmentProfile.None);
        await using var server = await ServerUnderTest.StartAsync(
            $"--Sfu:WebRtc:Port={mediaPort}",
            $"--Sfu:WebRtc:AnnouncedPort={proxy.ListenEndPoint.Port}",
            $"--Sfu:WebRtc:AudioOnlyFallback:Enabled={fallback}");
        using var api = new AdminApi(server);
        double seconds = (Open + Capped + Reopened).TotalSeconds + 20;
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("narrow"), Encoders.PlainProfile, "640x360", seconds, realtime: true));
        await server.WaitForStreamAsync("narrow", TimeSpan.FromSeconds(20));
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(browser, server.HttpBase, "narrow");
        await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(Open);
        var peer = Assert.Single(server.Whep.Peers);

        var timeline = new StringBuilder();
        var run = new CapRun { Fallback = fallback };
        using var stalls = StallMonitor.Start(server.Registry);
        var capStart = DateTime.UtcNow;
        proxy.SetDownstream(NarrowLink);
        var previous = await player.StatsAsync();
        long audioPackets = 0, audioSamples = 0, audioConcealed = 0;
        var roundTrips = new List<TimeSpan>();
        int audioOnlyStreak = 0;
        int audioSeconds = 0;
        var halfway = DateTime.UtcNow + (Capped / 2);
        while (DateTime.UtcNow - capStart < Capped)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await player.StatsAsync();
            Record(timeline, DateTime.UtcNow - capStart, peer, previous, now);
            if (peer.IsAudioOnly && run.SwitchedToAudioOnlyAfter is null)
            {
                run = run with { SwitchedToAudioOnlyAfter = DateTime.UtcNow - capStart };
                var session = (await api.Client.ListSessionsAsync(new ListSessionsRequest { Stream = "narrow" })).Sessions.Single(s => s.Role == SessionRole.Viewer);
                using var http = new HttpClient { BaseAddress = server.HttpBase };
                var metrics = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
                run = run with
                {
                    LayerSeenByOperatorWhileCapped = session.CurrentLayer,
                    EstimateSeenByOperatorWhileCapped = session.BandwidthEstimateBps,
                    AudioOnlyViewersInMetrics = metrics.Sum("sfu_viewers_audio_only"),
                    EstimateSamplesBelow1500k = metrics.BucketAtOrBelow("sfu_viewer_bandwidth_estimate", 1_500_000),
                };
            }

            // Audio is judged over seconds spent wholly on audio only, once the queue a failed video trial filled has
            // drained (a second), with the fallback, or over the capped phase's second half without it. The trials'
            // own cost to the audio shows in the timeline.
            audioOnlyStreak = peer.IsAudioOnly ? audioOnlyStreak + 1 : 0;
            if (fallback ? audioOnlyStreak >= 3 : DateTime.UtcNow >= halfway)
            {
                audioSeconds++;
                audioPackets += Delta(now.AudioPacketsReceived, previous.AudioPacketsReceived);
                audioSamples += Delta(now.AudioSamplesReceived, previous.AudioSamplesReceived);
                audioConcealed += Delta(now.AudioConcealedSamples, previous.AudioConcealedSamples);
            }

            // The queue the viewer's packets wait in, over the second half: after the fallback had time to act.
            if (DateTime.UtcNow >= halfway && now.RoundTripMs is { } roundTrip)
            {
                roundTrips.Add(TimeSpan.FromMilliseconds(roundTrip));
            }

            previous = now;
        }

        var capEnd = previous;
        run = run with
        {
            CappedAudioPacketsPerSecond = audioPackets / (double)Math.Max(1, audioSeconds),
            CappedAudioSeconds = audioSeconds,
            CappedAudioConcealed = Share(audioConcealed, audioSamples),
            CappedRoundTrip = roundTrips.Count == 0 ? TimeSpan.Zero : roundTrips.Order().ElementAt(roundTrips.Count / 2),
            ProxyDropped = proxy.Downstream.PacketsDroppedByQueue,
            Stalled = stalls.Stalled,
            Stalls = stalls.ToString(),
        };

        proxy.SetDownstream(ImpairmentProfile.None);
        var reopened = DateTime.UtcNow;
        VideoStats? lastSeconds = null;
        previous = capEnd;
        while (DateTime.UtcNow - reopened < Reopened)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await player.StatsAsync();
            Record(timeline, DateTime.UtcNow - capStart, peer, previous, now);
            if (DateTime.UtcNow - reopened >= Reopened - TimeSpan.FromSeconds(4))
            {
                lastSeconds ??= now;
            }

            previous = now;
        }

        var end = await player.StatsAsync();
        ffmpeg.Kill();
        return run with
        {
            FinalLayer = peer.CurrentLayer,
            Reconnects = end.Connects - 1,
            FinalFramesPerSecond = Delta(end.FramesDecoded, (lastSeconds ?? end).FramesDecoded) / 3.0,
            FinalResolution = (end.FrameWidth, end.FrameHeight),
            SwitchesToAudioOnly = peer.AudioOnlySwitches,
            Timeline = timeline.ToString(),
        };
    }

    private static void Record(StringBuilder timeline, TimeSpan at, Egress.WebRtc.Peers.WebRtcPeer peer, VideoStats previous, VideoStats now) =>
        timeline.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {at.TotalSeconds,5:0.0}: {peer.CurrentLayer,-10} {peer.BandwidthEstimate / 1000,6} kbit/s  rtt {now.RoundTripMs ?? -1,4:0} ms  frames +{Delta(now.FramesDecoded, previous.FramesDecoded),3}  audio concealed {Share(Delta(now.AudioConcealedSamples, previous.AudioConcealedSamples), Delta(now.AudioSamplesReceived, previous.AudioSamplesReceived)),4:P0}  connects {now.Connects}");

    /// <summary>A counter's growth between two readings; a player that reconnected starts its counters again at 0.</summary>
    private static long Delta(long now, long before) => now >= before ? now - before : now;

    private static double Share(long part, long whole) => whole <= 0 ? 0 : part / (double)whole;


    private sealed record CapRun
    {
        public bool Fallback { get; init; }

        public TimeSpan? SwitchedToAudioOnlyAfter { get; init; }

        public string? LayerSeenByOperatorWhileCapped { get; init; }

        public long EstimateSeenByOperatorWhileCapped { get; init; }

        public double AudioOnlyViewersInMetrics { get; init; }

        public double EstimateSamplesBelow1500k { get; init; }

        public double CappedAudioPacketsPerSecond { get; init; }

        public double CappedAudioConcealed { get; init; }

        /// <summary>Time the machine or the encoder stood still during the cap (not the server's doing), and what was seen.</summary>
        public TimeSpan Stalled { get; init; }

        public string Stalls { get; init; } = string.Empty;

        /// <summary>Seconds the audio figures cover.</summary>
        public int CappedAudioSeconds { get; init; }

        /// <summary>The viewer's median STUN round trip over the capped phase's second half.</summary>
        public TimeSpan CappedRoundTrip { get; init; }

        public long ProxyDropped { get; init; }

        public string? FinalLayer { get; init; }

        public double FinalFramesPerSecond { get; init; }

        public (int Width, int Height) FinalResolution { get; init; }

        public long SwitchesToAudioOnly { get; init; }

        public int Reconnects { get; init; }

        public string Timeline { get; init; } = string.Empty;

        public override string ToString() =>
            $"audio only after {SwitchedToAudioOnlyAfter?.TotalSeconds:0.0} s (operator saw '{LayerSeenByOperatorWhileCapped}', estimate {EstimateSeenByOperatorWhileCapped / 1000} kbit/s), " +
            $"capped: {CappedAudioPacketsPerSecond:0} audio packets/s, {CappedAudioConcealed:P1} concealed over {CappedAudioSeconds} s, round trip {CappedRoundTrip.TotalMilliseconds:0} ms, proxy dropped {ProxyDropped}; {Stalls}; " +
            $"end: layer {FinalLayer}, {FinalFramesPerSecond:0.0} frames/s at {FinalResolution.Width}x{FinalResolution.Height}, {SwitchesToAudioOnly} switches to audio only, {Reconnects} player reconnects";
    }
}

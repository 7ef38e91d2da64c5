using EndToEnd.Infrastructure;

namespace EndToEnd.Whep;

/// <summary>Many viewers, viewers that hang up, viewers that vanish, and a viewer whose DTLS certificate is not the one it offered.</summary>
public sealed class WhepSessionLifecycleTests
{
    [Fact]
    public async Task SeveralViewersPlayAtOnceAndDeleteFreesEverySession()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("many"), [.. Encoders.PlainProfile, "-profile:v", "baseline"], "640x360", 30, realtime: true));
        await server.WaitForStreamAsync("many", TimeSpan.FromSeconds(20));

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var viewers = new List<PlayerPage>();
        for (int i = 0; i < 4; i++)
        {
            viewers.Add(await PlayerPage.OpenAsync(browser, server.HttpBase, "many"));
        }

        foreach (var viewer in viewers)
        {
            await viewer.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(4, server.Whep.SessionCount);
        var before = await Task.WhenAll(viewers.Select(v => v.StatsAsync()));
        await Task.Delay(3000);
        var after = await Task.WhenAll(viewers.Select(v => v.StatsAsync()));
        for (int i = 0; i < viewers.Count; i++)
        {
            Assert.True(after[i].FramesDecoded - before[i].FramesDecoded >= 75, $"viewer {i} decoded {after[i].FramesDecoded - before[i].FramesDecoded} frames in 3 s");
        }

        // Closing a page runs the player's pagehide handler, which DELETEs its session.
        foreach (var viewer in viewers)
        {
            await viewer.CloseAsync(runUnload: true);
        }

        await ServerUnderTest.WaitUntilAsync(() => server.Whep.SessionCount == 0, TimeSpan.FromSeconds(10), "every session is deleted");
        ffmpeg.Kill();
    }

    [Fact]
    public async Task ViewerThatVanishesIsRemovedByConsentTimeout()
    {
        await using var server = await ServerUnderTest.StartAsync("--Sfu:WebRtc:ConsentTimeout=00:00:03");
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("gone"), [.. Encoders.PlainProfile, "-profile:v", "baseline"], "320x240", 30, realtime: true));
        await server.WaitForStreamAsync("gone", TimeSpan.FromSeconds(20));

        var browser = await ChromiumBrowser.LaunchAsync();
        var viewer = await PlayerPage.OpenAsync(browser, server.HttpBase, "gone");
        await viewer.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        var peer = Assert.Single(server.Whep.Peers);

        // The whole browser goes away at once: no DELETE, no DTLS close_notify, only silence.
        await browser.KillAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await ServerUnderTest.WaitUntilAsync(() => server.Whep.SessionCount == 0, TimeSpan.FromSeconds(15), "the silent viewer is removed");
        Assert.Contains("consent", peer.CloseReason, StringComparison.Ordinal);
        // The viewer's last check came up to a check interval before the kill, so removal follows within the 3 s
        // timeout plus a 250 ms tick (6 s leaves room for a loaded CI machine), not necessarily a full timeout after the kill.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 6);
        ffmpeg.Kill();
    }

    [Fact]
    public async Task DtlsCertificateNotMatchingTheOfferedFingerprintIsRefused()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("fp"), [.. Encoders.PlainProfile, "-profile:v", "baseline"], "320x240", 30, realtime: true));
        await server.WaitForStreamAsync("fp", TimeSpan.FromSeconds(20));
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(server.HttpBase, "/healthz"));

        // A viewer that announces one certificate and handshakes with another: flip a digit of its fingerprint.
        string state = await page.EvaluateAsync<string>(
            """
            async (url) => {
              const pc = new RTCPeerConnection();
              pc.addTransceiver('video', { direction: 'recvonly' });
              await pc.setLocalDescription(await pc.createOffer());
              const forged = pc.localDescription.sdp.replace(/(a=fingerprint:sha-256 )(.)/, (m, p, c) => p + (c === 'A' ? 'B' : 'A'));
              const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: forged });
              await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
              const deadline = Date.now() + 15000;
              while (Date.now() < deadline && !['failed', 'connected', 'closed'].includes(pc.connectionState)) {
                await new Promise(r => setTimeout(r, 100));
              }
              return pc.connectionState;
            }
            """,
            new Uri(server.HttpBase, "/whep/fp").ToString());

        Assert.NotEqual("connected", state);
        await ServerUnderTest.WaitUntilAsync(() => server.Whep.SessionCount == 0, TimeSpan.FromSeconds(15), "the forged session is closed");
        ffmpeg.Kill();
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EndToEnd.Whip;

/// <summary>A browser publishes its camera over WHIP (the server's own publish page); another browser plays it over WHEP.</summary>
public sealed class WhipPublishTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("h264", "H264")]
    [InlineData("vp8", "VP8")]
    public async Task ChromiumPublishesItsCameraOverWhipAndAnotherChromiumPlaysIt(string offered, string codec)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await using var publisherBrowser = await ChromiumBrowser.LaunchAsync(fakeCamera: true);
        var publishPage = await publisherBrowser.OpenAsync(new Uri(server.HttpBase, $"/publish/cam?autostart=1&codec={offered}"));
        await WaitForPublisherStateAsync(server, publishPage, "live", TimeSpan.FromSeconds(20));
        var stream = await server.WaitForStreamAsync("cam", TimeSpan.FromSeconds(10));
        Assert.Equal("whip", stream.Publisher.Protocol);

        // The stream has the codec the publisher sent, and that is what the viewer is offered and decodes.
        Assert.Equal(codec, stream.FindTrack(Sfu.Core.Media.MediaKind.Video)!.Codec.Name);

        await using var viewerBrowser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(viewerBrowser, server.HttpBase, "cam");
        var first = await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        var start = await player.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var end = await player.StatsAsync();
        long frames = end.FramesDecoded - start.FramesDecoded;
        long audioPackets = end.AudioPacketsReceived - start.AudioPacketsReceived;
        var publisherPeer = Assert.Single(server.Whip.Peers);
        var sending = await PublisherStatsAsync(publishPage);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (sending.AvailableKbps < 1000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            sending = await PublisherStatsAsync(publishPage);
        }

        string viewerCodec = await player.Page.EvaluateAsync<string>("""
            async () => { let c = ''; (await window.player.pc.getStats()).forEach(s => { if (s.type === 'codec' && s.mimeType.startsWith('video/')) c = s.mimeType; }); return c; }
            """);
        Assert.Equal("video/" + codec, viewerCodec, ignoreCase: true);
        output.WriteLine(
            $"{codec}: first frame {first.FirstFrameMs:0} ms after POST; {frames} frames in 5 s at {end.FrameWidth}x{end.FrameHeight}; " +
            $"{audioPackets} audio packets; freezes {end.FreezeCount}; publisher sent {publisherPeer.RtpPacketsReceived} RTP packets; " +
            $"publisher's encoder: {sending}");

        // What a viewer sees: the fake camera's picture, moving, at its size, with its sound.
        Assert.True(frames >= 50, $"{frames} frames decoded in 5 s");
        Assert.True(end.FrameWidth >= 320 && end.FrameHeight >= 180, $"{end.FrameWidth}x{end.FrameHeight}");
        Assert.True(audioPackets >= 150, $"{audioPackets} audio packets in 5 s");
        Assert.True(publisherPeer.RtpPacketsReceived > 300, $"{publisherPeer.RtpPacketsReceived} RTP packets from the publisher");

        // Our transport-cc feedback lets the browser's bandwidth estimate climb from its 300 kbit/s start (probes
        // reported lost would make it fall instead), and our receiver reports show no loss on loopback.
        Assert.True(sending.AvailableKbps >= 1000, $"the publisher's estimate stayed at {sending.AvailableKbps} kbit/s");
        Assert.Equal(0, sending.VideoFractionLost);

        // Stopping the publish (DELETE) ends the stream.
        await publishPage.EvaluateAsync("() => window.publisher && stop()");
        await ServerUnderTest.WaitUntilAsync(() => !server.Registry.TryGet("cam", out _), TimeSpan.FromSeconds(10), "the stream ends after DELETE");
    }

    [Fact]
    public async Task RefusalsNameTheirReasonAndLeaveTheLiveStreamAlone()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var http = new HttpClient { BaseAddress = server.HttpBase };
        await using var browser = await ChromiumBrowser.LaunchAsync(fakeCamera: true);
        var publishPage = await browser.OpenAsync(new Uri(server.HttpBase, "/publish/busy?autostart=1"));
        await WaitForPublisherStateAsync(server, publishPage, "live", TimeSpan.FromSeconds(20));
        string offer = await publishPage.EvaluateAsync<string>("() => window.publisher.pc.localDescription.sdp");

        // A second publisher on a live stream: 409, and the first keeps publishing.
        using var second = await PostAsync(http, "/whip/busy", offer);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already live", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var malformed = await PostAsync(http, "/whip/other", "v=0\r\nthis is not sdp\r\n");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var wrongType = new StringContent(offer, Encoding.UTF8, "text/plain");
        using var unsupported = await http.PostAsync(new Uri("/whip/other", UriKind.Relative), wrongType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);

        // The session resource: PATCH needs If-Match (428), a stale tag is 412, a trickle fragment 204; OPTIONS
        // advertises what POST takes; DELETE of an unknown session is 404.
        string sessionUrl = await publishPage.EvaluateAsync<string>("() => window.publisher.sessionUrl");
        using var noTag = await PatchAsync(http, sessionUrl, null);
        Assert.Equal((HttpStatusCode)428, noTag.StatusCode);
        using var stale = await PatchAsync(http, sessionUrl, "\"stale\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var trickle = await PatchAsync(http, sessionUrl, "*");
        Assert.Equal(HttpStatusCode.NoContent, trickle.StatusCode);
        using var options = new HttpRequestMessage(HttpMethod.Options, new Uri("/whip/busy", UriKind.Relative));
        using var optionsResponse = await http.SendAsync(options);
        Assert.Equal("application/sdp", optionsResponse.Headers.GetValues("Accept-Post").Single());
        using var unknown = await http.DeleteAsync(new Uri("/whip/busy/no-such-session", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        long before = Assert.Single(server.Whip.Peers).RtpPacketsReceived;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(Assert.Single(server.Whip.Peers).RtpPacketsReceived > before + 30, "the live publisher stopped after the refusals");
        Assert.False(server.Registry.TryGet("other", out _));
    }

    [Fact]
    public async Task APublisherWhoseCertificateDoesNotMatchItsOfferIsCutOffAndItsStreamEnds()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync(fakeCamera: true);
        var honest = await browser.OpenAsync(new Uri(server.HttpBase, "/publish/honest?autostart=1"));
        await WaitForPublisherStateAsync(server, honest, "live", TimeSpan.FromSeconds(20));

        // The offer names a certificate fingerprint that is not the one the browser's DTLS then presents: the server
        // must refuse the DTLS handshake (someone else's media could otherwise be injected into the stream).
        var forger = await browser.OpenAsync(new Uri(server.HttpBase, "/healthz"));
        int status = await forger.EvaluateAsync<int>("""
            async () => {
              const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
              const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
              media.getTracks().forEach(t => pc.addTransceiver(t, { direction: 'sendonly' }));
              await pc.setLocalDescription(await pc.createOffer());
              const forged = pc.localDescription.sdp.replace(/a=fingerprint:sha-256 ([0-9A-F:]+)/g,
                (line, hex) => 'a=fingerprint:sha-256 ' + hex.split(':').map(b => b === '00' ? '01' : '00').join(':'));
              const r = await fetch('/whip/forged', { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: forged });
              if (r.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
              window.forgedPc = pc;
              return r.status;
            }
            """);
        Assert.Equal(201, status);
        await ServerUnderTest.WaitUntilAsync(() => !server.Registry.TryGet("forged", out _), TimeSpan.FromSeconds(15), "the forged publisher's stream ends");
        Assert.Contains(server.Logs.Lines, l => l.Contains("does not match the SDP fingerprint", StringComparison.Ordinal));

        // The honest publisher next to it kept streaming.
        var peer = Assert.Single(server.Whip.Peers);
        long before = peer.RtpPacketsReceived;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(peer.RtpPacketsReceived > before + 30, "the honest publisher stopped");
        Assert.True(server.Registry.TryGet("honest", out _));
    }

    /// <summary>The publishing browser's own view: what its encoder sends and the bandwidth its estimator allows.</summary>
    internal static async Task<PublisherStats> PublisherStatsAsync(IPage page) =>
        (await page.EvaluateAsync<System.Text.Json.JsonElement>(ReadPublisherStats)).Deserialize<PublisherStats>(new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private const string ReadPublisherStats = """
        async () => {
          const report = await window.publisher.pc.getStats();
          const out = { availableKbps: 0, targetKbps: 0, width: 0, height: 0, plis: 0, nacks: 0, videoFractionLost: 0 };
          report.forEach(s => {
            if (s.type === 'outbound-rtp' && s.kind === 'video') {
              out.targetKbps = Math.round((s.targetBitrate || 0) / 1000); out.width = s.frameWidth || 0; out.height = s.frameHeight || 0;
              out.plis = s.pliCount || 0; out.nacks = s.nackCount || 0;
            }
            if (s.type === 'remote-inbound-rtp' && s.kind === 'video') out.videoFractionLost = s.fractionLost || 0;
            if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') out.availableKbps = Math.round((s.availableOutgoingBitrate || 0) / 1000);
          });
          return out;
        }
        """;

    internal sealed record PublisherStats(int AvailableKbps, int TargetKbps, int Width, int Height, int Plis, int Nacks, double VideoFractionLost)
    {
        public override string ToString() => $"estimate {AvailableKbps} kbit/s, target {TargetKbps} kbit/s, {Width}x{Height}, {Plis} PLIs and {Nacks} NACKs received";
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient http, string sessionUrl, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(sessionUrl))
        {
            Content = new StringContent("a=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\n", Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string sdp)
    {
        using var content = new StringContent(sdp, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
        return await http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    internal static async Task WaitForPublisherStateAsync(ServerUnderTest server, IPage page, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string current = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            current = await page.EvaluateAsync<string>("() => window.publisher.state");
            if (current == state)
            {
                return;
            }

            if (current.StartsWith("failed", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100);
        }

        string errors = string.Join('\n', server.Logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)));
        throw new TimeoutException($"publisher state '{current}', expected '{state}'; server errors:\n{errors}");
    }
}

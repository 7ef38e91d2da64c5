using System.Text.Json;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Whip;

/// <summary>
/// Glass-to-glass latency on loopback: one page draws the time into a canvas, publishes the canvas over WHIP, plays the
/// stream back over WHEP and reads the time out of each decoded frame. Drawing, encoding, the server, decoding and
/// the frame reaching the page are all in the figure; both ends share one clock.
/// </summary>
public sealed class GlassToGlassLatencyTests(ITestOutputHelper output)
{
    // 16 bits of milliseconds as 16 black/white blocks, each 20x60 px, so compression cannot blur one into the next.
    private const string MeasureScript = """
        async ([seconds]) => {
          const W = 320, H = 180, BITS = 16, BW = W / BITS;
          const canvas = document.createElement('canvas'); canvas.width = W; canvas.height = H;
          const ctx = canvas.getContext('2d');
          const draw = () => {
            const t = Math.round(performance.now()) & 0xFFFF;
            ctx.fillStyle = '#808080'; ctx.fillRect(0, 0, W, H);
            for (let i = 0; i < BITS; i++) { ctx.fillStyle = (t >> (BITS - 1 - i)) & 1 ? '#fff' : '#000'; ctx.fillRect(i * BW, 60, BW, 60); }
          };
          draw();
          const timer = setInterval(draw, 10);
          const source = canvas.captureStream(30);

          const publisher = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
          publisher.addTransceiver(source.getVideoTracks()[0], { direction: 'sendonly' });
          await publisher.setLocalDescription(await publisher.createOffer());
          let r = await fetch('/whip/g2g', { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: publisher.localDescription.sdp });
          if (r.status !== 201) throw new Error('WHIP ' + r.status + ' ' + await r.text());
          await publisher.setRemoteDescription({ type: 'answer', sdp: await r.text() });
          await new Promise(res => setTimeout(res, 1500));

          const viewer = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
          viewer.addTransceiver('video', { direction: 'recvonly' });
          viewer.addTransceiver('audio', { direction: 'recvonly' });
          const video = document.createElement('video'); video.muted = true; video.autoplay = true; video.playsInline = true;
          document.body.appendChild(video);
          viewer.ontrack = e => { if (e.track.kind === 'video') video.srcObject = new MediaStream([e.track]); };
          await viewer.setLocalDescription(await viewer.createOffer());
          r = await fetch('/whep/g2g', { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: viewer.localDescription.sdp });
          if (r.status !== 201) throw new Error('WHEP ' + r.status + ' ' + await r.text());
          await viewer.setRemoteDescription({ type: 'answer', sdp: await r.text() });

          const read = document.createElement('canvas'); read.width = W; read.height = H;
          const rctx = read.getContext('2d', { willReadFrequently: true });
          const samples = [];
          let unreadable = 0;
          const started = performance.now();
          await new Promise(done => {
            const onFrame = (now) => {
              if (video.videoWidth > 0) {
                rctx.drawImage(video, 0, 0, W, H);
                const row = rctx.getImageData(0, 90, W, 1).data;
                let t = 0, clear = true;
                for (let i = 0; i < BITS; i++) {
                  const v = row[(Math.round(i * BW + BW / 2)) * 4];
                  if (v > 96 && v < 160) clear = false;
                  t = (t << 1) | (v >= 128 ? 1 : 0);
                }
                if (clear) samples.push(((Math.round(performance.now()) & 0xFFFF) - t + 0x10000) & 0xFFFF); else unreadable++;
              }
              if (performance.now() - started > seconds * 1000) done(); else video.requestVideoFrameCallback(onFrame);
            };
            video.requestVideoFrameCallback(onFrame);
          });
          clearInterval(timer);
          publisher.close(); viewer.close();
          return { samples, unreadable, width: video.videoWidth, height: video.videoHeight };
        }
        """;

    [Fact]
    public async Task CanvasTimeSurvivesWhipAndWhepWithinAFewFrames()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(server.HttpBase, "/healthz"));
        JsonElement result;
        try
        {
            result = await page.EvaluateAsync<JsonElement>(MeasureScript, new object[] { 8 });
        }
        catch (Microsoft.Playwright.PlaywrightException ex)
        {
            string errors = string.Join('\n', server.Logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal)));
            throw new InvalidOperationException($"{ex.Message}; server exceptions:\n{errors}", ex);
        }

        var samples = result.GetProperty("samples").EnumerateArray().Select(s => s.GetDouble()).Order().ToList();
        int unreadable = result.GetProperty("unreadable").GetInt32();
        Assert.True(samples.Count >= 60, $"only {samples.Count} frames carried a readable time ({unreadable} unreadable)");
        double p50 = samples[samples.Count / 2];
        double p95 = samples[(int)(samples.Count * 0.95)];
        output.WriteLine($"glass-to-glass on loopback: p50 {p50:0} ms, p95 {p95:0} ms, min {samples[0]:0} ms, max {samples[^1]:0} ms over {samples.Count} frames ({unreadable} unreadable), {result.GetProperty("width").GetInt32()}x{result.GetProperty("height").GetInt32()}");

        // Loopback has no network to blame: what remains is capture, encode, the server, jitter buffer and decode.
        // The target is under 150 ms; the assertion leaves room for a loaded 2-core machine.
        Assert.InRange(p50, 1, 250);
        Assert.True(p95 < 400, $"p95 {p95:0} ms");
    }
}

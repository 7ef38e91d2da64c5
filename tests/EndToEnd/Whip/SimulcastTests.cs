using System.Net;
using System.Text;
using EndToEnd.Infrastructure;
using Microsoft.Playwright;
using Sfu.Core.Media;
using Xunit.Abstractions;

namespace EndToEnd.Whip;

/// <summary>
/// Chromium publishes three simulcast layers over WHIP; two Chromium viewers play them, one through a narrow link.
/// Each gets the layer its bandwidth estimate carries, and the narrow one moves back up when its link widens.
/// </summary>
public sealed class SimulcastTests(ITestOutputHelper output)
{
    /// <summary>
    /// A link between the top layer and the middle one: the fake camera's picture is cheap to encode, so the layers'
    /// rates depend on the machine and the publisher's ramp-up; the cap is set from what they are at the time.
    /// </summary>
    private static ImpairmentProfile NarrowLinkBetween(long top, long middle) => new()
    {
        RateLimitBitsPerSecond = Math.Max(250_000, ((top + middle) / 2) + 40_000),
        Delay = TimeSpan.FromMilliseconds(20),
        Seed = 5,
        MediaOnly = false,
    };

    [Fact]
    public async Task ChromiumPublishesThreeLayersAndEachViewerGetsTheLayerItsLinkCarries()
    {
        int mediaPort = UdpImpairmentProxy.FreeUdpPort();
        using var proxy = UdpImpairmentProxy.Start(new IPEndPoint(IPAddress.Loopback, mediaPort), ImpairmentProfile.None, ImpairmentProfile.None);
        await using var server = await ServerUnderTest.StartAsync(
            $"--Sfu:WebRtc:Port={mediaPort}",

            // Trials of a higher layer back off to at most 8 s here (30 s by default), so the test sees the return.
            "--Sfu:WebRtc:Simulcast:MaxRetry=00:00:08");
        await using var publisherBrowser = await ChromiumBrowser.LaunchAsync(fakeCamera: true);
        var publishPage = await publisherBrowser.OpenAsync(new Uri(server.HttpBase, "/publish/layers?autostart=1&simulcast=1"));
        await WhipPublishTests.WaitForPublisherStateAsync(server, publishPage, "live", TimeSpan.FromSeconds(20));
        var stream = await server.WaitForStreamAsync("layers", TimeSpan.FromSeconds(10));
        var layers = stream.Tracks.Where(t => t.Kind == MediaKind.Video).ToArray();
        Assert.Equal(["h", "m", "l"], layers.Select(l => l.Rid));

        // The browser's encoder turns layers on as its own estimate ramps up; wait until all three arrive.
        string rates = await WaitForAllLayersAsync(layers, TimeSpan.FromSeconds(30));
        output.WriteLine($"layers arriving: {rates}");

        await using var viewerBrowser = await ChromiumBrowser.LaunchAsync();
        var wide = await PlayerPage.OpenAsync(viewerBrowser, server.HttpBase, "layers");
        await wide.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));

        // The narrow viewer reaches the server through the proxy: its answer names the proxy's port as the candidate.
        var narrow = await PlayerPage.OpenAsync(viewerBrowser, server.HttpBase, "layers", page => RouteMediaThroughAsync(page, mediaPort, proxy.ListenEndPoint.Port));
        await narrow.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        var widePeer = server.Whep.Peers.Single(p => p.Id == wide.SessionIdAsync().Result);
        var narrowPeer = server.Whep.Peers.Single(p => p.Id == narrow.SessionIdAsync().Result);

        var timeline = new StringBuilder();
        var samples = new List<Sample>();
        async Task<Sample> SampleAsync(string phase, int seconds)
        {
            Sample last = null!;
            for (int i = 0; i < seconds; i++)
            {
                await Task.Delay(1000);
                last = new Sample(phase, widePeer.CurrentLayer, await wide.StatsAsync(), narrowPeer.CurrentLayer, await narrow.StatsAsync());
                samples.Add(last);
                timeline.AppendLine(
                    $"  {phase,-7} wide {last.WideLayer,-2} {last.Wide.FrameWidth,4}x{last.Wide.FrameHeight,-4} {last.Wide.FramesDecoded,5} frames {widePeer.BandwidthEstimate / 1000,6} kbit/s | " +
                    $"narrow {last.NarrowLayer,-2} {last.Narrow.FrameWidth,4}x{last.Narrow.FrameHeight,-4} {last.Narrow.FramesDecoded,5} frames {narrowPeer.BandwidthEstimate / 1000,6} kbit/s, freezes {last.Narrow.FreezeCount}");
            }

            return last;
        }

        try
        {
            // Both start on the top layer: the estimate starts at 3 Mbit/s and nothing has contradicted it yet.
            var open = await SampleAsync("open", 4);
            Assert.Equal("h", widePeer.CurrentLayer);
            Assert.Equal("h", narrowPeer.CurrentLayer);
            int topWidth = open.Wide.FrameWidth;

            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            var narrowLink = NarrowLinkBetween(layers[0].MeasureBitsPerSecond(now), layers[1].MeasureBitsPerSecond(now));
            output.WriteLine($"layers before the cap: {Rates(layers)}; cap {narrowLink.RateLimitBitsPerSecond / 1000} kbit/s");
            proxy.SetDownstream(narrowLink);
            await SampleAsync("moving", 4);
            var capStart = samples[^1];
            var capEnd = await SampleAsync("capped", 12);
            var capped = samples.Where(x => x.Phase == "capped").ToArray();
            double cappedFps = (capEnd.Narrow.FramesDecoded - capStart.Narrow.FramesDecoded) / (double)capped.Length;

            // Under the cap the narrow viewer is on a lower layer and plays it, apart from trials of the top layer
            // (which the link then refuses); the wide viewer keeps the top layer throughout.
            int lower = capped.Count(x => x.NarrowLayer is "m" or "l");
            Assert.True(lower >= capped.Length / 2, $"the narrow viewer was on a lower layer in {lower} of {capped.Length} seconds");
            Assert.DoesNotContain(capped, x => x.NarrowLayer == "audio-only");
            int smaller = capped.Count(x => x.Narrow.FrameWidth < topWidth);
            Assert.True(smaller * 5 >= capped.Length * 2, $"the narrow viewer decoded a smaller picture than {topWidth} wide in {smaller} of {capped.Length} seconds");
            Assert.True(cappedFps >= 10, $"narrow viewer decoded {cappedFps:0.0} frames/s under the cap");
            Assert.All(samples, x => Assert.Equal(("h", topWidth), (x.WideLayer, x.Wide.FrameWidth)));
            Assert.True(narrowPeer.LayerSwitches >= 1);

            // The link widens: a trial of the top layer succeeds and the narrow viewer stays there.
            proxy.SetDownstream(ImpairmentProfile.None);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (narrowPeer.CurrentLayer != "h" && DateTime.UtcNow < deadline)
            {
                await SampleAsync("widened", 1);
            }

            var final = await SampleAsync("widened", 4);
            Assert.All(samples.TakeLast(3), x => Assert.Equal(("h", topWidth), (x.NarrowLayer, x.Narrow.FrameWidth)));
            Assert.Equal(1, final.Narrow.Connects);
        }
        finally
        {
            output.WriteLine("timeline (layer, decoded size, frames, estimate):");
            output.WriteLine(timeline.ToString());
            output.WriteLine($"proxy dropped {proxy.Downstream.PacketsDroppedByQueue} packets in its queue; layers at the end: {Rates(layers)}");
        }
    }

    private sealed record Sample(string Phase, string WideLayer, VideoStats Wide, string NarrowLayer, VideoStats Narrow);

    private static async Task RouteMediaThroughAsync(IPage page, int serverPort, int proxyPort)
    {
        await page.RouteAsync("**/whep/**", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync();
            string answer = (await response.TextAsync()).Replace($" {serverPort} typ host", $" {proxyPort} typ host", StringComparison.Ordinal);
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = answer });
        });
    }

    private static async Task<string> WaitForAllLayersAsync(Sfu.Core.Streams.MediaTrack[] layers, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            long[] before = [.. layers.Select(l => l.Counters.Packets)];
            await Task.Delay(1000);
            if (layers.Select((l, i) => l.Counters.Packets - before[i]).All(p => p >= 20))
            {
                return Rates(layers);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not every layer arrives: {Rates(layers)}");
            }
        }
    }

    private static string Rates(Sfu.Core.Streams.MediaTrack[] layers) =>
        string.Join(", ", layers.Select(l => $"{l.Rid} {l.MeasureBitsPerSecond(System.Diagnostics.Stopwatch.GetTimestamp()) / 1000} kbit/s ({l.Counters.Packets} packets)"));
}

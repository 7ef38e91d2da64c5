using System.Diagnostics;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Cluster;

/// <summary>
/// Three real server processes and Debian's redis-server on one machine: ffmpeg publishes to node A, Chromium plays
/// from B and C through relays, then B is killed, C drained and Redis restarted under them.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FirstFrame = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task EdgesRelayOneCopyEachAndViewersSurviveANodeDyingADrainAndARedisRestart()
    {
        using var redis = await RedisProcess.StartAsync();
        using var a = await ClusterNodeProcess.StartAsync("a", redis);
        using var b = await ClusterNodeProcess.StartAsync("b", redis);
        using var c = await ClusterNodeProcess.StartAsync("c", redis);
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg($"rtmp://127.0.0.1:{a.RtmpPort}/live/show", Encoders.PlainProfile, "640x360", 150, realtime: true));
        await WaitForAsync(async () => await redis.GetAsync("sfu:stream:show") == "a", TimeSpan.FromSeconds(20), "the directory to name A as the origin of 'show'");

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var onB1 = await PlayerPage.OpenAsync(browser, b.Http, "show");
        var onB2 = await PlayerPage.OpenAsync(browser, b.Http, "show");
        var onC = await PlayerPage.OpenAsync(browser, c.Http, "show");
        foreach (var page in new[] { onB1, onB2, onC })
        {
            await page.WaitForFirstFrameAsync(FirstFrame);
        }

        // Playing from the edges: frames at the encoder's size, on every page. The relay hop's added time is read over
        // the same steady window (the start replays the keyframe cache in a burst, and both processes are still warming up).
        var before = await Task.WhenAll(onB1.StatsAsync(), onB2.StatsAsync(), onC.StatsAsync());
        var hopBefore = await b.MetricsAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var after = await Task.WhenAll(onB1.StatsAsync(), onB2.StatsAsync(), onC.StatsAsync());
        var hopAfter = await b.MetricsAsync();
        for (int i = 0; i < 3; i++)
        {
            long decoded = after[i].FramesDecoded - before[i].FramesDecoded;
            output.WriteLine($"viewer {i}: {decoded} frames in 4 s, {after[i].FrameWidth}x{after[i].FrameHeight}, audio packets {after[i].AudioPacketsReceived}");
            Assert.True(decoded >= 80, $"viewer {i} decoded {decoded} frames in 4 s from an edge: {after[i]}");
            Assert.Equal((640, 360), (after[i].FrameWidth, after[i].FrameHeight));
            Assert.True(after[i].AudioPacketsReceived > 0, $"viewer {i} got no audio: {after[i]}");
        }

        double Window(Func<PrometheusText, double> read) => read(hopAfter) - read(hopBefore);
        double transitCount = Window(m => m.Sum("sfu_relay_transit_seconds_count"));
        double meanMs = 1000 * Window(m => m.Sum("sfu_relay_transit_seconds_sum")) / transitCount;
        double within1Ms = Window(m => m.BucketAtOrBelow("sfu_relay_transit_seconds", 0.001)) / transitCount;
        double within5Ms = Window(m => m.BucketAtOrBelow("sfu_relay_transit_seconds", 0.005)) / transitCount;
        output.WriteLine($"relay hop A→B over 4 s: {transitCount} messages, mean {meanMs:0.00} ms, {within1Ms:P1} within 1 ms, {within5Ms:P1} within 5 ms");
        Assert.True(within5Ms >= 0.95, $"only {within5Ms:P1} of relayed messages arrived within 5 ms (mean {meanMs:0.00} ms)");

        // One relay per edge, whatever its viewers: A feeds two edges, B (two viewers) and C (one) pull once each.
        var originMetrics = await a.MetricsAsync();
        var bMetrics = await b.MetricsAsync();
        var cMetrics = await c.MetricsAsync();
        Assert.Equal(2, originMetrics.Sum("sfu_relay_feeds"));
        Assert.Equal((1, 1), (bMetrics.Sum("sfu_relay_pulls"), cMetrics.Sum("sfu_relay_pulls")));

        // Kill B: its players find a live node and play again; the directory forgets B within its expiry.
        var killed = Stopwatch.StartNew();
        b.Process.Kill();
        var forgotten = Task.Run(async () =>
        {
            await WaitForAsync(async () => !(await a.LiveNodesAsync()).Contains("b"), TimeSpan.FromSeconds(15), "the directory to forget B");
            return killed.Elapsed;
        });
        foreach (var page in new[] { onB1, onB2 })
        {
            await WaitForAsync(async () => (await page.StatsAsync()).Connects >= 2, TimeSpan.FromSeconds(30), "a viewer of the killed node to reconnect elsewhere");
            await page.WaitForFirstFrameAsync(FirstFrame);
            var start = await page.StatsAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var end = await page.StatsAsync();
            string node = await page.Page.EvaluateAsync<string>("() => window.player.node");
            output.WriteLine($"viewer of B playing again from {node} {killed.Elapsed.TotalSeconds:0.0} s after the kill ({end.FramesDecoded - start.FramesDecoded} frames in 2 s)");
            Assert.NotEqual(b.Http.GetLeftPart(UriPartial.Authority), node);
            Assert.True(end.FramesDecoded - start.FramesDecoded >= 30, $"no playback after failing over: {end}");
        }

        var forgotAfter = await forgotten;
        output.WriteLine($"directory forgot B {forgotAfter.TotalSeconds:0.0} s after it was killed (expiry 4 s, heartbeat 1 s)");
        Assert.True(forgotAfter < TimeSpan.FromSeconds(4 + 1 + 1), $"B stayed in the directory for {forgotAfter}");

        // Drain C (SIGTERM, as Kubernetes' preStop does): its viewer keeps playing, it leaves the directory, and a new
        // viewer asking C is sent to a node that takes new sessions.
        c.Process.Terminate();
        await WaitForAsync(async () => !(await a.LiveNodesAsync()).Contains("c"), TimeSpan.FromSeconds(5), "the draining node to leave the directory");
        var late = await PlayerPage.OpenAsync(browser, c.Http, "show");
        await late.WaitForFirstFrameAsync(FirstFrame);
        string lateNode = await late.Page.EvaluateAsync<string>("() => window.player.node");
        var cBefore = await onC.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var cAfter = await onC.StatsAsync();
        output.WriteLine($"C draining: its viewer decoded {cAfter.FramesDecoded - cBefore.FramesDecoded} frames in 2 s on {cAfter.Connects} connection(s); a new viewer of C was sent to {lateNode}");
        Assert.Equal(a.Http.GetLeftPart(UriPartial.Authority), lateNode);
        Assert.Equal(1, cAfter.Connects);
        Assert.True(cAfter.FramesDecoded - cBefore.FramesDecoded >= 30, $"C's viewer stopped while C drained: {cAfter}");

        // Redis restarted empty: the nodes announce themselves and their streams again at the next heartbeat.
        redis.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await redis.RestartAsync();
        var restarted = Stopwatch.StartNew();
        await WaitForAsync(async () => await redis.GetAsync("sfu:stream:show") == "a", TimeSpan.FromSeconds(15), "A to re-announce 'show' after Redis restarted");
        output.WriteLine($"'show' back in the directory {restarted.Elapsed.TotalSeconds:0.0} s after Redis restarted");
        var lateStart = await late.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var lateEnd = await late.StatsAsync();
        Assert.True(lateEnd.FramesDecoded - lateStart.FramesDecoded >= 30, $"playback stopped across the Redis restart: {lateEnd}");
    }

    [Fact]
    public async Task InRedirectModeAnEdgeAnswers307ToTheOriginAndThePlayerFollowsIt()
    {
        using var redis = await RedisProcess.StartAsync();
        using var a = await ClusterNodeProcess.StartAsync("a", redis, mode: "redirect");
        using var b = await ClusterNodeProcess.StartAsync("b", redis, mode: "redirect");
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg($"rtmp://127.0.0.1:{a.RtmpPort}/live/show", Encoders.PlainProfile, "320x180", 60, realtime: true));
        await WaitForAsync(async () => await redis.GetAsync("sfu:stream:show") == "a", TimeSpan.FromSeconds(20), "the directory to name A as the origin of 'show'");

        string sdp = await WhepOffers.ChromiumLikeAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await client.PostAsync(new Uri(b.Http, "/whep/show?quality=high"), Sdp(sdp));
        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri(a.Http, "/whep/show?quality=high"), response.Headers.Location);
        using var missing = await client.PostAsync(new Uri(b.Http, "/whep/nothing"), Sdp(sdp));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(browser, b.Http, "show");
        await player.WaitForFirstFrameAsync(FirstFrame);
        var start = await player.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var end = await player.StatsAsync();
        string node = await player.Page.EvaluateAsync<string>("() => window.player.node");
        output.WriteLine($"player opened at B plays from {node}: {end.FramesDecoded - start.FramesDecoded} frames in 2 s, {end.FrameWidth}x{end.FrameHeight}");
        Assert.Equal(a.Http.GetLeftPart(UriPartial.Authority), node);
        Assert.True(end.FramesDecoded - start.FramesDecoded >= 30, $"no playback after the redirect: {end}");
        Assert.Equal(0, (await b.MetricsAsync()).Sum("sfu_relay_pulls"));

        // The origin drains (its viewer plays on): nobody else has the stream in redirect mode, so new viewers are
        // told to come back (503, Retry-After) by both nodes instead of being bounced between them.
        a.Process.Terminate();
        await WaitForAsync(async () => !(await b.LiveNodesAsync()).Contains("a"), TimeSpan.FromSeconds(5), "the draining origin to be marked draining");
        foreach (var asked in new[] { b, a })
        {
            using var refused = await client.PostAsync(new Uri(asked.Http, "/whep/show"), Sdp(sdp));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
    }

    [Fact]
    public async Task APublisherOfANameLiveOnAnotherNodeIsRefusedNamingThatNode()
    {
        using var redis = await RedisProcess.StartAsync();
        using var a = await ClusterNodeProcess.StartAsync("a", redis);
        using var b = await ClusterNodeProcess.StartAsync("b", redis);
        using var first = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg($"rtmp://127.0.0.1:{a.RtmpPort}/live/show", Encoders.PlainProfile, "320x180", 30, realtime: true));
        await WaitForAsync(async () => await redis.GetAsync("sfu:stream:show") == "a", TimeSpan.FromSeconds(20), "the directory to name A as the origin of 'show'");

        // RTMP: the second encoder is refused and B logs why; A's stream stays A's.
        using var second = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg($"rtmp://127.0.0.1:{b.RtmpPort}/live/show", Encoders.PlainProfile, "320x180", 5, realtime: true));
        await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("already published on node a", b.Process.StandardOutput, StringComparison.Ordinal);

        // WHIP: 409 Conflict with the same reason, before any SDP is looked at.
        using var client = new HttpClient();
        using var response = await client.PostAsync(new Uri(b.Http, "/whip/show"), Sdp("v=0"));
        string reason = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already published on node a", reason, StringComparison.Ordinal);
        Assert.Equal("a", await redis.GetAsync("sfu:stream:show"));
    }

    private static StringContent Sdp(string sdp)
    {
        var content = new StringContent(sdp, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
        return content;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (System.Net.Sockets.SocketException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
    }
}

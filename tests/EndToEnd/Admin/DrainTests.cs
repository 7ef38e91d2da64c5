using System.Diagnostics;
using System.Net;
using EndToEnd.Infrastructure;
using Grpc.Health.V1;
using Sfu.Admin.V1;
using Xunit.Abstractions;

namespace EndToEnd.Admin;

/// <summary>Draining a node: its viewers keep playing, newcomers are sent away, and shutdown waits for the last viewer.</summary>
public sealed class DrainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DrainKeepsViewersPlayingRefusesNewcomersAndShutdownWaitsForTheLastViewer()
    {
        var server = await ServerUnderTest.StartAsync("--Sfu:Drain:ShutdownTimeout=00:00:30", "--Sfu:Drain:RetryAfterSeconds=7");
        try
        {
            using var api = new AdminApi(server);
            using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("live"), Encoders.PlainProfile, "640x360", 60, realtime: true));
            await server.WaitForStreamAsync("live", TimeSpan.FromSeconds(20));
            await using var browser = await ChromiumBrowser.LaunchAsync();
            var player = await PlayerPage.OpenAsync(browser, server.HttpBase, "live");
            await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));

            var drain = await api.Client.DrainAsync(new DrainRequest());
            Assert.Equal((true, 2), (drain.Started, drain.SessionsRemaining));
            Assert.False((await api.Client.DrainAsync(new DrainRequest())).Started);
            Assert.True((await api.Client.GetServerStatsAsync(new GetServerStatsRequest())).Draining);

            // Kubernetes stops routing here (readiness, gRPC health); new viewers and publishers are refused with a reason.
            using var http = new HttpClient { BaseAddress = server.HttpBase };
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await new Health.HealthClient(api.Invoker).CheckAsync(new HealthCheckRequest())).Status);
            using var refused = await WhepHttp.PostOfferAsync(http, "/whep/live", await WhepOffers.ChromiumLikeAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
            using var publisher = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("newcomer"), Encoders.PlainProfile, "320x180", 2));
            Assert.Contains("draining", publisher.StandardError, StringComparison.Ordinal);

            // The viewer who was already watching keeps decoding frames.
            var before = await player.StatsAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var after = await player.StatsAsync();
            output.WriteLine($"while draining: {after.FramesDecoded - before.FramesDecoded} frames in 3 s");
            Assert.InRange(after.FramesDecoded - before.FramesDecoded, 75, 100);

            // Shutdown (SIGTERM does this) waits for the viewer; when it leaves, the node exits long before the timeout.
            var clock = Stopwatch.StartNew();
            var stopping = server.DisposeAsync().AsTask();
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(stopping.IsCompleted, "shutdown did not wait for the viewer");
            var during = await player.StatsAsync();
            Assert.True(during.FramesDecoded > after.FramesDecoded + 30, "the viewer stopped receiving during shutdown");
            ffmpeg.Kill();
            await player.CloseAsync();
            await stopping.WaitAsync(TimeSpan.FromSeconds(20));
            output.WriteLine($"shutdown took {clock.Elapsed.TotalSeconds:0.0} s, waiting for the last viewer");
            Assert.InRange(clock.Elapsed.TotalSeconds, 2, 15);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

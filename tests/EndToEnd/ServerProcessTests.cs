using System.Net.Http;
using System.Text.RegularExpressions;
using EndToEnd.Infrastructure;

namespace EndToEnd;

/// <summary>The server binary starts as a user runs it, logs where it listens and answers health checks.</summary>
public sealed partial class ServerProcessTests
{
    [Fact]
    public async Task ServerProcessLogsItsRtmpPortAndAnswersHealthChecks()
    {
        using var data = new TempDirectory();
        var (server, rtmpPort, http) = await StartServerAsync(data.Path);
        using (server)
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync("127.0.0.1", rtmpPort);

            using var client = new HttpClient { BaseAddress = http };
            Assert.Equal("ok\n", await client.GetStringAsync("/healthz"));
            Assert.Equal("ready\n", await client.GetStringAsync("/readyz"));
        }
    }

    [Fact]
    public async Task SigtermDrainsTheNodeUntilItsLastSessionLeaves()
    {
        using var data = new TempDirectory();
        var (server, rtmpPort, http) = await StartServerAsync(data.Path, "--Sfu:Drain:ShutdownTimeout=00:00:30");
        using (server)
        {
            using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg($"rtmp://127.0.0.1:{rtmpPort}/live/onair", Encoders.PlainProfile, "320x180", 60, realtime: true));
            using var client = new HttpClient { BaseAddress = http };
            await ServerUnderTest.WaitUntilAsync(() => server.StandardOutput.Contains("publishing stream 'onair'", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "ffmpeg publishes");

            // What Kubernetes does at preStop/termination: SIGTERM. The node drains instead of exiting.
            server.Terminate();
            await ServerUnderTest.WaitUntilAsync(() => server.StandardOutput.Contains("draining 1 sessions", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the node logs that it drains");
            using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(server.HasExited, "the node exited while a session was still live");
            Assert.False(ffmpeg.HasExited, "the publisher was cut off during the drain");

            // The last session leaves: the node exits cleanly right away.
            ffmpeg.Kill();
            await server.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, server.ExitCode);
        }
    }

    private static async Task<(ExternalProcess Server, int RtmpPort, Uri Http)> StartServerAsync(string dataDirectory, params string[] extra)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ControlPlane.dll");
        var server = ExternalProcess.Start(
            "dotnet",
            [dll, "--Sfu:Rtmp:Port=0", "--Sfu:Rtmp:ListenAddress=127.0.0.1", "--Sfu:HttpPort=0", "--Sfu:HttpListenAddress=127.0.0.1", "--Sfu:WebRtc:Port=0",
             "--Sfu:WebRtc:ListenAddress=127.0.0.1", "--Sfu:Admin:GrpcPort=0", "--Sfu:Admin:GrpcListenAddress=127.0.0.1", $"--Sfu:DataDirectory={dataDirectory}", .. extra]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Match rtmp = Match.Empty;
        Match http = Match.Empty;
        while (DateTime.UtcNow < deadline && !(rtmp.Success && http.Success))
        {
            await Task.Delay(100);
            rtmp = RtmpListening().Match(server.StandardOutput);
            http = HttpListening().Match(server.StandardOutput);
        }

        Assert.True(rtmp.Success, "no RTMP listening line in the log:\n" + server.StandardOutput + server.StandardError);
        Assert.True(http.Success, "no HTTP listening line in the log:\n" + server.StandardOutput);
        return (server, int.Parse(rtmp.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), new Uri(http.Groups[1].Value));
    }

    [GeneratedRegex(@"RTMP ingest listening on rtmp://127\.0\.0\.1:(\d+)/live/")]
    private static partial Regex RtmpListening();

    [GeneratedRegex(@"HTTP on (http://127\.0\.0\.1:\d+): WHIP")]
    private static partial Regex HttpListening();
}

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
        string dll = Path.Combine(AppContext.BaseDirectory, "ControlPlane.dll");
        using var server = ExternalProcess.Start(
            "dotnet", dll, "--Sfu:Rtmp:Port=0", "--Sfu:Rtmp:ListenAddress=127.0.0.1", "--Sfu:HttpPort=0", "--Sfu:HttpListenAddress=127.0.0.1", "--Sfu:WebRtc:Port=0", "--Sfu:WebRtc:ListenAddress=127.0.0.1");
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

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", int.Parse(rtmp.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        using var client = new HttpClient { BaseAddress = new Uri(http.Groups[1].Value) };
        Assert.Equal("ok\n", await client.GetStringAsync("/healthz"));
        Assert.Equal("ready\n", await client.GetStringAsync("/readyz"));
    }

    [GeneratedRegex(@"RTMP ingest listening on rtmp://127\.0\.0\.1:(\d+)/live/")]
    private static partial Regex RtmpListening();

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex HttpListening();
}

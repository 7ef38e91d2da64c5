using System.Text.RegularExpressions;
using EndToEnd.Infrastructure;

namespace EndToEnd;

/// <summary>Without the FFmpeg libraries the server still starts, streams video, and says why there is no audio.</summary>
public sealed partial class CodecBridgeMissingTests
{
    private const string AvCodec = "/usr/lib/x86_64-linux-gnu/libavcodec.so.59";

    [Fact]
    public async Task ServerWithoutFFmpegRunsVideoOnlyAndSaysWhy()
    {
        Assert.True(File.Exists(AvCodec), $"{AvCodec} missing: run scripts/bootstrap.sh");
        Assert.True(Environment.UserName == "root", "hiding a system library needs a private mount namespace, i.e. root (CI runs as root)");

        // A private mount namespace where libavcodec is an empty file: exactly what a machine without it looks like to dlopen.
        string dll = Path.Combine(AppContext.BaseDirectory, "ControlPlane.dll");
        string command = $"mount --bind /dev/null {AvCodec} && exec dotnet {dll} --Sfu:Rtmp:Port=0 --Sfu:Rtmp:ListenAddress=127.0.0.1 " +
                         "--Sfu:HttpPort=0 --Sfu:HttpListenAddress=127.0.0.1 --Sfu:WebRtc:Port=0 --Sfu:WebRtc:ListenAddress=127.0.0.1";
        using var server = ExternalProcess.Start("unshare", "-m", "--propagation", "private", "sh", "-c", command);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Match http = Match.Empty;
        while (DateTime.UtcNow < deadline && !(http.Success && server.StandardOutput.Contains("Codec bridge off", StringComparison.Ordinal)))
        {
            await Task.Delay(100);
            http = HttpListening().Match(server.StandardOutput);
        }

        Assert.True(http.Success, "server did not start:\n" + server.StandardOutput + server.StandardError);
        Assert.Contains("Codec bridge off, WebRTC viewers get video without audio", server.StandardOutput, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = new Uri(http.Groups[1].Value) };
        string health = await client.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        Assert.StartsWith("ok (degraded: no audio for WebRTC viewers", health, StringComparison.Ordinal);
        Assert.Equal("ready\n", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex HttpListening();
}

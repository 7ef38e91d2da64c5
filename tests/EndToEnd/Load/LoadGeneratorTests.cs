using System.Text.Json;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Load;

/// <summary>The load generator, run as a user runs it, against the server with an ffmpeg publisher.</summary>
public sealed class LoadGeneratorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThirtyViewersJoinWithinASecondEachGetsAKeyframeAndLosesNothingOnLoopback()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("load"), Encoders.PlainProfile, "640x360", 40, realtime: true));
        await server.WaitForStreamAsync("load", TimeSpan.FromSeconds(20));

        string loadGen = Path.Combine(AppContext.BaseDirectory, "LoadGen.dll");
        var run = ExternalProcess.RunAsync(
            TimeSpan.FromSeconds(60), "dotnet", loadGen, "--url", new Uri(server.HttpBase, "/whep/load").ToString(),
            "--viewers", "30", "--ramp", "30", "--hold", "5", "--server-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // While it holds, the server has every viewer as a WHEP session.
        await ServerUnderTest.WaitUntilAsync(() => server.Whep.SessionCount == 30, TimeSpan.FromSeconds(20), "30 WHEP sessions open");
        using var result = await run;
        output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);

        using var summary = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n').Last(l => l.StartsWith('{')));
        var root = summary.RootElement;
        Assert.Equal(30, root.GetProperty("dtlsConnected").GetInt32());
        Assert.Equal(30, root.GetProperty("gotKeyframe").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(0, root.GetProperty("decryptFailures").GetInt32());
        Assert.True(root.GetProperty("joinSeconds").GetDouble() < 5, "30 viewers took more than 5 s to join");

        // 30 viewers × 5 s of a 2.5 Mbit/s stream (about 230 packets/s with audio): most of it arrived, none lost.
        Assert.True(root.GetProperty("packets").GetInt64() > 30 * 5 * 150, $"{root.GetProperty("packets").GetInt64()} packets");
        Assert.True(root.GetProperty("loss").GetDouble() < 0.001, $"loss {root.GetProperty("loss").GetDouble():P3}");
        Assert.InRange(root.GetProperty("firstKeyframeMs").GetProperty("p95").GetDouble(), 1, 2000);
        Assert.True(root.GetProperty("hold").GetProperty("serverCores").GetDouble() > 0, "no server CPU measured over the hold");

        // Every viewer hung up with DELETE.
        await ServerUnderTest.WaitUntilAsync(() => server.Whep.SessionCount == 0, TimeSpan.FromSeconds(10), "every load session deleted");
        ffmpeg.Kill();
    }
}

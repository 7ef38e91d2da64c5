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

    [Fact]
    public async Task BadArgumentsAndAStreamThatIsNotLiveAreReportedNotCrashedOn()
    {
        string loadGen = Path.Combine(AppContext.BaseDirectory, "LoadGen.dll");

        // Wrong usage: exit code 2 with the reason and the usage text.
        using var noUrl = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "dotnet", loadGen, "--viewers", "3");
        Assert.Equal(2, noUrl.ExitCode);
        Assert.Contains("--url is required", noUrl.StandardError, StringComparison.Ordinal);
        using var badCount = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "dotnet", loadGen, "--url", "http://127.0.0.1:1/whep/x", "--viewers", "-4");
        Assert.Equal(2, badCount.ExitCode);
        Assert.Contains("--viewers needs a positive whole number", badCount.StandardError, StringComparison.Ordinal);

        // A stream that is not live: every viewer is a setup failure with the server's reason, exit code 1.
        await using var server = await ServerUnderTest.StartAsync();
        using var run = await ExternalProcess.RunAsync(
            TimeSpan.FromSeconds(60), "dotnet", loadGen, "--url", new Uri(server.HttpBase, "/whep/nobody").ToString(), "--viewers", "3", "--ramp", "10", "--hold", "1");
        output.WriteLine(run.StandardOutput + run.StandardError);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"failed\":3", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("WHEP POST answered 404", run.StandardOutput, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Peers;

/// <summary>An independent WebRTC stack (aiortc, Python) plays a stream over WHEP: not just Chromium's way of doing it.</summary>
public sealed class AiortcWhepViewerTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task AiortcDecodesTheStreamAtItsResolutionAndRate()
    {
        await using var server = await ServerUnderTest.StartAsync();
        // aiortc offers only Baseline/Constrained Baseline H.264 (42001f, 42e01f), so the encoder is set to match;
        // a High source is refused for it with 406 and the reason (covered by the HTTP protocol tests).
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("py"), [.. Encoders.PlainProfile, "-profile:v", "baseline"], "640x360", 30, realtime: true));
        await server.WaitForStreamAsync("py", TimeSpan.FromSeconds(20));
        await Task.Delay(1000);

        string script = Path.Combine(AppContext.BaseDirectory, "Peers", "whep_aiortc_viewer.py");
        int sourceFramesBefore = Encoders.FramesReported(ffmpeg.StandardError);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stalls = StallMonitor.Start(server.Registry);
        using var viewer = await ExternalProcess.RunAsync(
            TimeSpan.FromSeconds(60), Python, script, new Uri(server.HttpBase, "/whep/py").ToString(), "8");
        // The encoder's own rate over the viewer's run: on a loaded machine libx264 may fall short of 30 fps,
        // and a viewer cannot decode frames that were never made.
        double sourceFps = (Encoders.FramesReported(ffmpeg.StandardError) - sourceFramesBefore) / clock.Elapsed.TotalSeconds;
        output.WriteLine($"source {sourceFps:0.0} frames/s; {stalls}; " + viewer.StandardOutput + viewer.StandardError);
        Assert.True(viewer.ExitCode == 0, viewer.StandardError);

        using var result = JsonDocument.Parse(viewer.StandardOutput.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.Equal((640, 360), (root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32()));
        int frames = root.GetProperty("frames").GetInt32();
        double firstFrame = root.GetProperty("first_frame_s").GetDouble();

        // 8 s of session at the source's rate, minus the time to the first frame: every frame after it decoded.
        Assert.InRange(sourceFps, 10, 40);
        double expected = (8 - firstFrame - stalls.Stalled.TotalSeconds) * sourceFps;
        Assert.True(frames >= expected * 0.9, $"aiortc decoded {frames} frames, expected about {expected:0} at the source's {sourceFps:0.0} frames/s; {stalls}");
        await ServerUnderTest.WaitUntilAsync(() => server.Whep.SessionCount == 0, TimeSpan.FromSeconds(10), "the aiortc session is deleted");
        ffmpeg.Kill();
    }
}

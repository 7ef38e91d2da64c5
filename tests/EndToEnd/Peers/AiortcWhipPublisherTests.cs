using System.Text.Json;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Peers;

/// <summary>An independent WebRTC stack (aiortc, Python, its own libx264 H.264 encoder) publishes over WHIP; Chromium plays it.</summary>
public sealed class AiortcWhipPublisherTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task ChromiumPlaysWhatAiortcPublishes()
    {
        await using var server = await ServerUnderTest.StartAsync();
        string script = Path.Combine(AppContext.BaseDirectory, "Peers", "whip_aiortc_publisher.py");
        var publishing = ExternalProcess.RunAsync(TimeSpan.FromSeconds(60), Python, script, new Uri(server.HttpBase, "/whip/aio").ToString(), "12");
        var stream = await server.WaitForStreamAsync("aio", TimeSpan.FromSeconds(20));
        Assert.Equal("whip", stream.Publisher.Protocol);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(browser, server.HttpBase, "aio");
        await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        var start = await player.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var end = await player.StatsAsync();
        long frames = end.FramesDecoded - start.FramesDecoded;
        long audioPackets = end.AudioPacketsReceived - start.AudioPacketsReceived;

        using var publisher = await publishing;
        output.WriteLine(publisher.StandardOutput + publisher.StandardError);
        output.WriteLine($"Chromium: {frames} frames in 4 s at {end.FrameWidth}x{end.FrameHeight}, {audioPackets} audio packets, freezes {end.FreezeCount}");
        Assert.True(publisher.ExitCode == 0, publisher.StandardError);

        // The picture aiortc encoded (640x360 test pattern at up to 30 fps, rate-adapted by aiortc) and its tone.
        Assert.Equal((640, 360), (end.FrameWidth, end.FrameHeight));
        Assert.True(frames >= 40, $"{frames} frames decoded in 4 s");
        Assert.True(audioPackets >= 120, $"{audioPackets} audio packets in 4 s");

        // aiortc's DELETE ended the stream.
        await ServerUnderTest.WaitUntilAsync(() => !server.Registry.TryGet("aio", out _), TimeSpan.FromSeconds(10), "the stream ends with the publisher's DELETE");
    }
}

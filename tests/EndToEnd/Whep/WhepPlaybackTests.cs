using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Whep;

/// <summary>OBS-like RTMP in, Chromium playing /play/{stream} over WHEP out.</summary>
public sealed class WhepPlaybackTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ChromiumPlays720p30FromFfmpegWithoutFreezes()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("demo"), Encoders.PlainProfile, "1280x720", 20, realtime: true));
        await server.WaitForStreamAsync("demo", TimeSpan.FromSeconds(20));
        await Task.Delay(1500);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(browser, server.HttpBase, "demo");
        var first = await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(15));

        var start = await player.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var end = await player.StatsAsync();

        long decoded = end.FramesDecoded - start.FramesDecoded;
        output.WriteLine(
            $"first frame {first.FirstFrameMs:0} ms after POST; {decoded} frames in 10 s; {end.FrameWidth}x{end.FrameHeight}; " +
            $"freezes {end.FreezeCount}; dropped {end.FramesDropped}; lost {end.PacketsLost}; jitter buffer {end.JitterBufferMs:0} ms");
        Assert.True(decoded is >= 270 and <= 330, $"decoded {decoded} frames in 10 s at 30 fps: {end}");
        Assert.Equal((1280, 720), (end.FrameWidth, end.FrameHeight));
        Assert.Equal(0, end.FreezeCount);
        Assert.InRange(first.FirstFrameMs!.Value, 0, 2000);
        Assert.Equal(1, server.Whep.SessionCount);
        ffmpeg.Kill();
    }
}

using System.Text.Json;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Peers;

/// <summary>
/// GStreamer publishes over WHIP (webrtcbin with libnice ICE and GStreamer's x264enc/vp8enc, opusenc and payloaders,
/// driven from Python); Chromium plays what it sends. An independent WebRTC stack, like a hardware encoder's.
/// </summary>
public sealed class GStreamerWhipPublisherTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData("H264")]
    [InlineData("VP8")]
    public async Task ChromiumPlaysWhatGStreamerPublishes(string codec)
    {
        await using var server = await ServerUnderTest.StartAsync();
        string script = Path.Combine(AppContext.BaseDirectory, "Peers", "whip_gstreamer_publisher.py");
        var publishing = ExternalProcess.RunAsync(TimeSpan.FromSeconds(60), Python, script, new Uri(server.HttpBase, "/whip/gst").ToString(), codec, "12");
        var stream = await server.WaitForStreamAsync("gst", TimeSpan.FromSeconds(20));
        Assert.Equal("whip", stream.Publisher.Protocol);
        Assert.Equal(codec, stream.FindTrack(Sfu.Core.Media.MediaKind.Video)!.Codec.Name);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(browser, server.HttpBase, "gst");
        VideoStats first;
        try
        {
            first = await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            output.WriteLine(string.Join('\n', server.Logs.Lines.Where(l => l.Contains("WHIP", StringComparison.Ordinal) || l.Contains("Peer", StringComparison.Ordinal) || l.Contains("gst", StringComparison.Ordinal))));
            throw;
        }

        var start = await player.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var end = await player.StatsAsync();
        long frames = end.FramesDecoded - start.FramesDecoded;
        long audioPackets = end.AudioPacketsReceived - start.AudioPacketsReceived;

        using var publisher = await publishing;
        output.WriteLine(publisher.StandardOutput + publisher.StandardError);
        output.WriteLine(
            $"{codec}: first frame {first.FirstFrameMs:0} ms after POST; {frames} frames in 4 s at {end.FrameWidth}x{end.FrameHeight}, " +
            $"{audioPackets} audio packets, freezes {end.FreezeCount}");
        Assert.True(publisher.ExitCode == 0, publisher.StandardOutput + publisher.StandardError);
        using var result = JsonDocument.Parse(publisher.StandardOutput.Trim().Split('\n')[^1]);
        Assert.True(result.RootElement.GetProperty("connected").GetBoolean());

        // GStreamer's test picture at its size and about its 30 fps, with its tone.
        Assert.Equal((640, 360), (end.FrameWidth, end.FrameHeight));
        Assert.True(frames >= 90, $"{frames} frames decoded in 4 s");
        Assert.True(audioPackets >= 150, $"{audioPackets} audio packets in 4 s");

        // The publisher's DELETE ended the stream.
        await ServerUnderTest.WaitUntilAsync(() => !server.Registry.TryGet("gst", out _), TimeSpan.FromSeconds(10), "the stream ends with the publisher's DELETE");
    }
}

using EndToEnd.Infrastructure;

namespace EndToEnd.Rtmp;

/// <summary>Real encoders publish over RTMP; the test checks what a viewer of the core receives.</summary>
public sealed class RtmpEncoderPublishTests
{
    private static readonly TimeSpan EncoderTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task FfmpegPlainProfile720pArrivesFrameForFrame()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var work = new TempDirectory();
        var recording = server.RecordWhenStarted("plain");

        using var ffmpeg = await ExternalProcess.RunAsync(
            EncoderTimeout, "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("plain"), Encoders.PlainProfile, "1280x720", 4));
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.StandardError);

        var recorder = await recording;
        await recorder.WaitForEndAsync(TimeSpan.FromSeconds(10));
        await RtmpPublishAssertions.AssertVideoAsync(recorder, Encoders.FramesReported(ffmpeg.StandardError), 1280, 720, 30, 30, work.Path);
        await RtmpPublishAssertions.AssertAudioAsync(recorder, 48000, 2, 4, work.Path);

        var metadata = recorder.Stream.Metadata;
        Assert.Equal((1280, 720, 30.0), (metadata.Width, metadata.Height, metadata.FrameRate));
        Assert.StartsWith("Lavf", metadata.Encoder, StringComparison.Ordinal);
        Assert.Equal("7", metadata.VideoCodec);
        Assert.Equal("10", metadata.AudioCodec);
    }

    [Fact]
    public async Task FfmpegObsDefaultProfileWithBFramesKeepsPresentationOrder()
    {
        // Ingest itself must carry B-frames faithfully; what viewers get is the B-frame policy's business.
        await using var server = await ServerUnderTest.StartAsync("--Sfu:Rtmp:BFrames=Passthrough");
        using var work = new TempDirectory();
        var recording = server.RecordWhenStarted("obs");

        using var ffmpeg = await ExternalProcess.RunAsync(
            EncoderTimeout, "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("obs"), Encoders.ObsDefaultProfile, "1280x720", 4));
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.StandardError);

        var recorder = await recording;
        await recorder.WaitForEndAsync(TimeSpan.FromSeconds(10));
        await RtmpPublishAssertions.AssertVideoAsync(recorder, Encoders.FramesReported(ffmpeg.StandardError), 1280, 720, 30, 60, work.Path);
        await RtmpPublishAssertions.AssertAudioAsync(recorder, 48000, 2, 4, work.Path);

        // B-frames arrive in decode order, so presentation times must go backwards somewhere: proof that
        // composition time offsets were applied rather than dropped.
        var frames = recorder.VideoFrames;
        Assert.Contains(frames.Zip(frames.Skip(1)), pair => (int)(pair.Second.RtpTimestamp - pair.First.RtpTimestamp) < 0);
        Assert.Equal("64", recorder.Stream.Tracks.Single(t => t.Id == "video").Codec.Parameters["profile-level-id"][..2]);
    }

    [Theory]
    [InlineData("rtmp2sink")]
    [InlineData("rtmpsink")]
    public async Task GStreamerPublishes(string sink)
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var work = new TempDirectory();
        string key = "gst-" + sink;
        var recording = server.RecordWhenStarted(key);

        // 90 frames of 640x360 at 30 fps with a 1 s GOP, and 3 s of 44.1 kHz stereo AAC, muxed to FLV.
        string location = sink == "rtmpsink" ? $"{server.RtmpUrl(key)} live=1" : server.RtmpUrl(key);
        using var gst = await ExternalProcess.RunAsync(
            EncoderTimeout,
            "gst-launch-1.0",
            "-e",
            "videotestsrc", "num-buffers=90", "pattern=ball", "!", "video/x-raw,width=640,height=360,framerate=30/1", "!",
            "x264enc", "tune=zerolatency", "speed-preset=veryfast", "key-int-max=30", "bframes=0", "!", "h264parse", "!",
            "flvmux", "name=mux", "streamable=true", "!", sink, $"location={location}",
            "audiotestsrc", "num-buffers=130", "samplesperbuffer=1024", "!", "audio/x-raw,rate=44100,channels=2", "!",
            "avenc_aac", "!", "aacparse", "!", "mux.");
        Assert.True(gst.ExitCode == 0, gst.StandardError + gst.StandardOutput);

        var recorder = await recording;
        await recorder.WaitForEndAsync(TimeSpan.FromSeconds(10));
        await RtmpPublishAssertions.AssertVideoAsync(recorder, 90, 640, 360, 30, 30, work.Path);
        await RtmpPublishAssertions.AssertAudioAsync(recorder, 44100, 2, 130 * 1024 / 44100.0, work.Path);
    }
}

using EndToEnd.Infrastructure;
using Sfu.Core.Media;

namespace EndToEnd.Rtmp;

/// <summary>Checks of what a viewer of the core would get from a published stream.</summary>
internal static class RtmpPublishAssertions
{
    /// <summary>Every frame sent arrived whole, in the right size, at the right pace, with keyframes where the encoder put them.</summary>
    public static async Task AssertVideoAsync(StreamRecorder recorder, int framesSent, int width, int height, int frameRate, int keyframeInterval, string workDir)
    {
        var frames = recorder.VideoFrames;
        Assert.Equal(0, recorder.BrokenFrames);
        Assert.InRange(frames.Count, framesSent - 1, framesSent + 1);
        Assert.InRange(recorder.MaxPayload, 100, 1200);

        var track = recorder.Stream.FindTrack(MediaKind.Video)!;
        Assert.Equal((width, height), (track.Width, track.Height));
        Assert.Equal("H264", track.Codec.Name);
        Assert.Equal(frames.Count, track.Counters.Frames);

        // Presentation times (RTP, 90 kHz) sorted must step by exactly one frame period.
        long period = 90000 / frameRate;
        var presentation = frames.Select(f => (long)f.RtpTimestamp).Order().ToList();
        var steps = presentation.Zip(presentation.Skip(1), (a, b) => b - a).ToList();
        Assert.All(steps, step => Assert.InRange(step, period - 90, period + 90));

        var keyframes = frames.Select((f, i) => (f, i)).Where(x => x.f.IsKeyframe).Select(x => x.i).ToList();
        Assert.Equal(0, keyframes[0]);
        Assert.All(keyframes.Zip(keyframes.Skip(1), (a, b) => b - a), spacing => Assert.Equal(keyframeInterval, spacing));
        Assert.Equal(track.Counters.Keyframes, keyframes.Count);

        var probe = await FfprobeReport.ProbeAsync(recorder.WriteVideo(Path.Combine(workDir, "video.h264")));
        Assert.Equal("h264", probe.CodecName);
        Assert.Equal((width, height), (probe.Width, probe.Height));
        Assert.Equal(frames.Count, probe.DecodedFrames);
    }

    /// <summary>AAC arrived at the encoder's rate and channel count, frame-continuous and decodable.</summary>
    public static async Task AssertAudioAsync(StreamRecorder recorder, int sampleRate, int channels, double seconds, string workDir)
    {
        var track = recorder.Stream.FindTrack(MediaKind.Audio)!;
        Assert.Equal((sampleRate, channels), (track.Codec.ClockRate, track.Codec.Channels));

        var frames = recorder.AudioFrames;
        double expected = seconds * sampleRate / 1024;
        Assert.InRange(frames.Count, expected - 4, expected + 4);
        Assert.All(frames.Zip(frames.Skip(1), (a, b) => b.Timestamp - a.Timestamp), step => Assert.Equal(1024, step));

        var probe = await FfprobeReport.ProbeAsync(recorder.WriteAudio(Path.Combine(workDir, "audio.aac")));
        Assert.Equal("aac", probe.CodecName);
        Assert.Equal((sampleRate, channels), (probe.SampleRate, probe.Channels));
        Assert.InRange(probe.DecodedFrames, frames.Count - 1, frames.Count);
    }
}

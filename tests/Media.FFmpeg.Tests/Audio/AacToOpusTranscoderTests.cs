using Media.FFmpeg.Audio;
using Media.FFmpeg.Tests.Support;
using Xunit.Abstractions;

namespace Media.FFmpeg.Tests.Audio;

/// <summary>End-to-end AAC→Opus checks on ffmpeg-generated audio, decoded back to PCM.</summary>
public sealed class AacToOpusTranscoderTests(ITestOutputHelper output)
{
    [FFmpegFact]
    public void Stereo48kSineSurvivesTheRoundTrip() => AssertRoundTrip(AacSamples.Stereo48kSine, 440);

    [FFmpegFact]
    public void Mono44kSineSurvivesTheRoundTrip() => AssertRoundTrip(AacSamples.Mono44kSine, 1000);

    [FFmpegFact]
    public void ForwardGapJumpsTheOutputTimelineByTheGap()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        const int gapAfter = 40;
        const int gapMs = 500;
        using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        var sink = new CollectingSink();
        for (var i = 0; i < stream.Frames.Count; i++)
        {
            // Frames after the gap keep coming, only their timestamps move: a publisher that dropped 500 ms.
            var timestamp = stream.RtmpTimestamp(i, i >= gapAfter ? gapMs : 0);
            transcoder.Push(stream.Frames[i], timestamp, sink);
        }

        var steps = sink.Packets.Zip(sink.Packets.Skip(1), (a, b) => b.Timestamp - a.Timestamp).ToList();
        var jumps = steps.Where(step => step != AacToOpusTranscoder.FrameSamples).ToList();
        output.WriteLine($"jumps: {string.Join(",", jumps)}");
        Assert.Single(jumps);
        Assert.Equal(0, jumps[0] % AacToOpusTranscoder.FrameSamples);
        Assert.InRange(jumps[0] - AacToOpusTranscoder.FrameSamples, (gapMs * 48) - 960, (gapMs * 48) + 960);
        Assert.Equal(1, transcoder.Gaps);

        // Without fabricated silence, only the gap (not extra packets) separates first and last packet.
        var span = sink.Packets[^1].Timestamp + 960 - sink.Packets[0].Timestamp;
        Assert.InRange(span - (sink.Packets.Count * 960L), (gapMs * 48) - 960, (gapMs * 48) + 960);
    }

    [FFmpegFact]
    public void MalformedFramesAreSkippedAndCounted()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        var random = new Random(1234);
        using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        var sink = new CollectingSink();
        for (var i = 0; i < stream.Frames.Count; i++)
        {
            var frame = stream.Frames[i];
            if (i % 5 == 3)
            {
                frame = new byte[random.Next(0, 1500)];
                random.NextBytes(frame);
            }

            transcoder.Push(frame, stream.RtmpTimestamp(i), sink);
        }

        output.WriteLine($"decode errors {transcoder.DecodeErrors}, packets {sink.Packets.Count}, gaps {transcoder.Gaps}");
        Assert.True(transcoder.DecodeErrors > 0);
        Assert.True(sink.Packets.Count > stream.Frames.Count / 2);
        Assert.All(sink.Packets.Zip(sink.Packets.Skip(1)), pair => Assert.True(pair.Second.Timestamp > pair.First.Timestamp));
    }

    [FFmpegFact]
    public void EmptyAndOversizedFramesDoNotThrow()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        var sink = new CollectingSink();
        transcoder.Push([], 0, sink);
        transcoder.Push(new byte[9000], 1024, sink);
        Assert.Equal(2, transcoder.DecodeErrors);
    }

    [FFmpegFact]
    public void AddedLatencyIsFifoPlusEncoderLookahead()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        var sink = new CollectingSink();
        var max = 0;
        for (var i = 0; i < 50; i++)
        {
            transcoder.Push(stream.Frames[i], stream.RtmpTimestamp(i), sink);
            max = Math.Max(max, transcoder.AddedLatencySamples);
        }

        output.WriteLine($"encoder delay {transcoder.EncoderDelaySamples}, added latency now {transcoder.AddedLatency.TotalMilliseconds:F2} ms, max {max / 48.0:F2} ms");
        Assert.InRange(transcoder.EncoderDelaySamples, 1, 960);
        Assert.InRange(max, transcoder.EncoderDelaySamples, transcoder.EncoderDelaySamples + 960 + 128);
    }

    private void AssertRoundTrip((AdtsStream Stream, float[] Reference) sample, double frequency)
    {
        var (stream, reference) = sample;
        using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        Assert.Equal(stream.SampleRate, transcoder.Config.SampleRate);
        var sink = new CollectingSink();
        for (var i = 0; i < stream.Frames.Count; i++)
        {
            transcoder.Push(stream.Frames[i], stream.RtmpTimestamp(i), sink);
        }

        Assert.Equal(0, transcoder.DecodeErrors);
        Assert.All(sink.Packets.Zip(sink.Packets.Skip(1)), pair => Assert.Equal(960, pair.Second.Timestamp - pair.First.Timestamp));
        Assert.Equal(0, sink.Packets[0].Timestamp);

        var inputSeconds = (double)stream.Frames.Count * 1024 / stream.SampleRate;
        var outputSeconds = sink.Packets.Count * 960 / 48000.0;
        output.WriteLine($"input {inputSeconds:F3} s, output {outputSeconds:F3} s, {sink.Packets.Count} packets, avg {sink.Packets.Average(p => p.Data.Length):F0} B");
        Assert.InRange(outputSeconds - inputSeconds, -0.040, 0.040);

        using var decoder = new OpusTestDecoder();
        foreach (var packet in sink.Packets)
        {
            decoder.Decode(packet.Data);
        }

        Assert.Equal([(48000, 2)], decoder.Formats);
        var referenceChannel = Signal.Channel(reference, stream.Channels, 0, stream.SampleRate);
        var referenceDb = Signal.RmsDb(referenceChannel);
        for (var channel = 0; channel < 2; channel++)
        {
            var decoded = Signal.Channel(decoder.Samples, 2, channel, 48000);
            var measured = Signal.Frequency(decoded, 48000);
            var db = Signal.RmsDb(decoded);
            output.WriteLine($"ch{channel}: {measured:F2} Hz (want {frequency}), {db:F2} dB (source {referenceDb:F2} dB)");
            Assert.InRange(measured, frequency * 0.98, frequency * 1.02);
            Assert.InRange(db, referenceDb - 1.5, referenceDb + 1.5);
        }
    }
}

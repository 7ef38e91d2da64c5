using Media.FFmpeg.Native;
using Media.FFmpeg.Tests.Support;
using Media.FFmpeg.Video;
using Xunit.Abstractions;

namespace Media.FFmpeg.Tests.Video;

/// <summary>End-to-end H.264 (with B-frames, as OBS publishes) → H.264 without B-frames, checked by decoding the output.</summary>
public sealed class H264ReencoderTests(ITestOutputHelper output)
{
    private const int Width = 640;
    private const int Height = 360;

    [FFmpegFact]
    public void EveryFrameComesOutInOrderWithoutBFrames()
    {
        var stream = H264Samples.Testsrc360pWithBFrames;
        var sourceSliceTypes = stream.Frames.SelectMany(f => Slices(f.Avcc, stream.NalLengthSize)).ToHashSet();
        Assert.Contains(1, sourceSliceTypes); // The input must really have B-frames for this test to mean anything.

        using var reencoder = NewReencoder();
        var sink = new VideoCollectingSink();
        PushAll(reencoder, stream, sink);
        reencoder.Flush(sink);

        Assert.Equal(stream.Frames.Count, sink.AccessUnits.Count);
        Assert.Equal(stream.Frames.Count, reencoder.FramesOut);
        Assert.Equal(0, reencoder.DecodeErrors);

        // FLV timestamps are whole milliseconds, so 30 fps steps are 33 or 34 ms: 3000 ± 90 ticks, 3000 on average.
        var steps = sink.AccessUnits.Zip(sink.AccessUnits.Skip(1), (a, b) => b.Pts - a.Pts).ToList();
        Assert.All(steps, step => Assert.InRange(step, 3000 - 90, 3000 + 90));
        Assert.Equal(3000, (sink.AccessUnits[^1].Pts - sink.AccessUnits[0].Pts) / (double)steps.Count, 0);
        Assert.Equal(stream.Frames.Min(f => f.Pts90k), sink.AccessUnits[0].Pts);

        var outputSliceTypes = sink.AccessUnits.SelectMany(au => Slices(au.Avcc, 4)).ToHashSet();
        Assert.DoesNotContain(1, outputSliceTypes);

        var decoded = H264TestDecoder.Decode(sink.AccessUnits);
        Assert.Equal(sink.AccessUnits.Count, decoded.Count);
        Assert.All(decoded, f => Assert.True(f.PictType is FFmpegLayout.AV_PICTURE_TYPE_I or FFmpegLayout.AV_PICTURE_TYPE_P, $"pict_type {f.PictType}"));
        Assert.All(decoded, f => Assert.Equal((Width, Height), (f.Width, f.Height)));
        Assert.Equal(sink.AccessUnits.Select(au => au.Pts), decoded.Select(f => f.Pts));
        output.WriteLine($"{sink.AccessUnits.Count} AUs, {sink.AccessUnits.Sum(au => au.Avcc.Length)} bytes, latency mean {reencoder.AddedLatencyFrames:F2} frames = {reencoder.AddedLatency.TotalMilliseconds:F1} ms (last {reencoder.LastAddedLatencyFrames}, max {reencoder.MaxAddedLatencyFrames})");
        Assert.InRange(reencoder.AddedLatencyFrames, 0.5, 3); // -bf 2: decoder reorder only, no encoder lookahead.
    }

    [FFmpegFact]
    public void FirstAccessUnitIsAnIdrWithParameterSets()
    {
        var stream = H264Samples.Testsrc360pWithBFrames;
        using var reencoder = NewReencoder();
        var sink = new VideoCollectingSink();
        PushAll(reencoder, stream, sink);

        var first = sink.AccessUnits[0];
        Assert.True(first.Keyframe);
        var types = H264SliceInfo.Nals(first.Avcc, 4).Select(H264SliceInfo.NalType).ToList();
        Assert.Contains(H264Nal.TypeSps, types);
        Assert.Contains(H264Nal.TypePps, types);
        Assert.Contains(H264Nal.TypeIdr, types);
        Assert.True(types.IndexOf(H264Nal.TypeSps) < types.IndexOf(H264Nal.TypeIdr));

        // g=60 over 90 frames: the periodic keyframe also carries SPS/PPS (repeat-headers) and is an IDR (forced-idr only matters for requests).
        Assert.All(sink.AccessUnits.Where(au => au.Keyframe), au =>
        {
            var nalTypes = H264SliceInfo.Nals(au.Avcc, 4).Select(H264SliceInfo.NalType).ToList();
            Assert.Contains(H264Nal.TypeSps, nalTypes);
            Assert.Contains(H264Nal.TypeIdr, nalTypes);
        });
    }

    [FFmpegFact]
    public void RequestedKeyframeArrivesWithinTwoFrames()
    {
        var stream = H264Samples.Testsrc360pWithBFrames;
        using var reencoder = NewReencoder();
        var sink = new VideoCollectingSink();
        int? requestedAt = null;
        for (var i = 0; i < stream.Frames.Count; i++)
        {
            if (i == 25)
            {
                requestedAt = sink.AccessUnits.Count;
                reencoder.RequestKeyframe();
            }

            var frame = stream.Frames[i];
            reencoder.Push(frame.Avcc, stream.NalLengthSize, stream.Sps, stream.Pps, frame.Dts90k, frame.Pts90k, sink);
        }

        var keyframes = sink.AccessUnits.Select((au, index) => (au, index)).Where(x => x.au.Keyframe).Select(x => x.index).ToList();
        output.WriteLine($"request before output #{requestedAt}, keyframes at {string.Join(",", keyframes)}");
        var forced = keyframes.First(index => index >= requestedAt);
        Assert.InRange(forced - requestedAt!.Value, 0, 1);
        var types = H264SliceInfo.Nals(sink.AccessUnits[forced].Avcc, 4).Select(H264SliceInfo.NalType).ToList();
        Assert.Contains(H264Nal.TypeIdr, types);
        Assert.Contains(H264Nal.TypeSps, types);
    }

    [FFmpegFact]
    public void GarbageAccessUnitsAreCountedNotThrown()
    {
        var stream = H264Samples.Testsrc360pWithBFrames;
        var random = new Random(4321);
        using var reencoder = NewReencoder();
        var sink = new VideoCollectingSink();
        for (var i = 0; i < stream.Frames.Count; i++)
        {
            var frame = stream.Frames[i];
            var data = frame.Avcc;
            if (i % 7 == 3)
            {
                data = new byte[random.Next(0, 3000)];
                random.NextBytes(data);
                if (i % 14 == 3 && data.Length > 8)
                {
                    // A valid length prefix around a random "slice" reaches the decoder itself.
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data, data.Length - 4);
                    data[4] = (byte)((data[4] & 0x60) | 1);
                }
            }
            else if (i % 11 == 5)
            {
                data = data[..(data.Length / 2)]; // Truncated: the length prefix now overruns.
            }

            reencoder.Push(data, stream.NalLengthSize, stream.Sps, stream.Pps, frame.Dts90k, frame.Pts90k, sink);
        }

        reencoder.Flush(sink);
        Assert.Throws<InvalidOperationException>(() => reencoder.Push([0, 0, 0, 1, 0x65], 4, [], [], 0, 0, sink));
        output.WriteLine($"in {reencoder.FramesIn}, out {reencoder.FramesOut}, decode errors {reencoder.DecodeErrors}, dropped {reencoder.DroppedFrames}, unsupported {reencoder.UnsupportedFrames}");
        Assert.True(reencoder.DecodeErrors > 0);
        Assert.True(reencoder.FramesOut > stream.Frames.Count / 2);
        Assert.All(sink.AccessUnits.Zip(sink.AccessUnits.Skip(1)), pair => Assert.True(pair.Second.Pts > pair.First.Pts));
        Assert.DoesNotContain(1, sink.AccessUnits.SelectMany(au => Slices(au.Avcc, 4)));
    }

    [FFmpegFact]
    public void SteadyStatePushDoesNotAllocate()
    {
        var stream = H264Samples.Testsrc360pWithBFrames;
        using var reencoder = NewReencoder();
        var sink = new CountingSink();
        for (var i = 0; i < 30; i++)
        {
            Push(reencoder, stream, stream.Frames[i], sink);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 30; i < stream.Frames.Count; i++)
        {
            Push(reencoder, stream, stream.Frames[i], sink);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated} bytes allocated over {stream.Frames.Count - 30} pushes, {sink.Count} outputs");
        Assert.Equal(0, allocated);
    }

    private static void Push(H264Reencoder reencoder, FlvH264Stream stream, FlvH264Frame frame, IEncodedVideoSink sink) =>
        reencoder.Push(frame.Avcc, stream.NalLengthSize, stream.Sps, stream.Pps, frame.Dts90k, frame.Pts90k, sink);

    private static H264Reencoder NewReencoder() => new(Width, Height, 30, 1_000_000, 60);

    private static void PushAll(H264Reencoder reencoder, FlvH264Stream stream, IEncodedVideoSink sink)
    {
        foreach (var frame in stream.Frames)
        {
            reencoder.Push(frame.Avcc, stream.NalLengthSize, stream.Sps, stream.Pps, frame.Dts90k, frame.Pts90k, sink);
        }
    }

    private static IEnumerable<int> Slices(byte[] avcc, int nalLengthSize) =>
        H264SliceInfo.Nals(avcc, nalLengthSize)
            .Where(nal => H264SliceInfo.NalType(nal) is 1 or 5)
            .Select(H264SliceInfo.SliceType);

    private sealed class CountingSink : IEncodedVideoSink
    {
        public int Count { get; private set; }

        public void OnAccessUnit(ReadOnlySpan<byte> avcc, long pts90k, bool keyframe) => Count++;
    }
}

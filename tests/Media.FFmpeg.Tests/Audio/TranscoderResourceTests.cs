using System.Diagnostics;
using Media.FFmpeg.Audio;
using Media.FFmpeg.Tests.Support;
using Xunit.Abstractions;

namespace Media.FFmpeg.Tests.Audio;

/// <summary>Lifetime, leak and allocation behaviour of the transcoder.</summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class TranscoderResourceTests(ITestOutputHelper output)
{
    private sealed class CountingSink : IOpusPacketSink
    {
        public int Count { get; private set; }

        public void OnPacket(OpusPacket packet) => Count++;
    }

    [FFmpegFact]
    public void CreateDisposeCyclesDoNotLeakNativeMemory()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        var sink = new CountingSink();
        void Cycle()
        {
            using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
            for (var i = 0; i < 5; i++)
            {
                transcoder.Push(stream.Frames[i], stream.RtmpTimestamp(i), sink);
            }
        }

        // glibc arenas and the GC heap settle during the first couple of hundred cycles (measured plateau).
        for (var i = 0; i < 200; i++)
        {
            Cycle();
        }

        var before = SettledRss();
        for (var i = 0; i < 400; i++)
        {
            Cycle();
        }

        var growth = SettledRss() - before;
        output.WriteLine($"RSS growth over 400 cycles: {growth / 1024} KiB");

        // A leaked transcoder (AAC decoder, resampler, libopus encoder: well over 40 KiB of native memory) would
        // grow RSS by more than this over 400 cycles; allocator and GC-heap noise on a busy machine stays below it.
        Assert.InRange(growth, long.MinValue, 16L * 1024 * 1024);
    }

    private static long SettledRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Rss();
    }

    [FFmpegFact]
    public void PushingAfterDisposeThrows()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        transcoder.Dispose();
        transcoder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => transcoder.Push(stream.Frames[0], 0, new CountingSink()));
    }

    [FFmpegFact]
    public void SteadyStatePushDoesNotAllocate()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        var sink = new CountingSink();
        for (var i = 0; i < 20; i++)
        {
            transcoder.Push(stream.Frames[i], stream.RtmpTimestamp(i), sink);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 20; i < stream.Frames.Count; i++)
        {
            transcoder.Push(stream.Frames[i], stream.RtmpTimestamp(i), sink);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{allocated} bytes allocated over {stream.Frames.Count - 20} frames");
        Assert.Equal(0, allocated);
    }

    [FFmpegFact]
    public void FlushEmitsTheTail()
    {
        var (stream, _) = AacSamples.Stereo48kSine;
        using var transcoder = new AacToOpusTranscoder(stream.AudioSpecificConfig);
        var sink = new CountingSink();
        for (var i = 0; i < stream.Frames.Count; i++)
        {
            transcoder.Push(stream.Frames[i], stream.RtmpTimestamp(i), sink);
        }

        var beforeFlush = sink.Count;
        transcoder.Flush(sink);
        Assert.InRange(sink.Count - beforeFlush, 1, 3);
        Assert.Throws<InvalidOperationException>(() => transcoder.Push(stream.Frames[0], 0, sink));
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Media.FFmpeg.Video;

namespace Bench.Video;

/// <summary>CPU cost of one 720p30 stream: re-encodes 3 s of 1280x720@30 High with B-frames per invocation (real-time factor = 3 s / mean).</summary>
[MemoryDiagnoser]
public class H264ReencoderBenchmark
{
    private const int Seconds = 3;
    private readonly CountingSink sink = new();
    private readonly List<(byte[] Avcc, long Dts, long Pts)> frames = [];
    private byte[] sps = [];
    private byte[] pps = [];
    private int nalLengthSize;

    /// <summary>x264 preset; veryfast is the default, faster presets trade quality for streams per core.</summary>
    [Params("veryfast", "superfast")]
    public string Preset { get; set; } = "veryfast";

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(Path.GetTempPath(), $"h264-reencode-bench-{Environment.ProcessId}.flv");
        using (var ffmpeg = Process.Start("ffmpeg", $"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -t {Seconds} -c:v libx264 -preset veryfast -profile:v high -bf 2 -g 60 -pix_fmt yuv420p -f flv {file}"))
        {
            ffmpeg.WaitForExit();
        }

        var flv = File.ReadAllBytes(file);
        File.Delete(file);

        // FLV header, then tags of 11-byte header + body + 4-byte back pointer; video body = 5-byte AVC header + data.
        for (var pos = (int)BinaryPrimitives.ReadUInt32BigEndian(flv.AsSpan(5)) + 4; pos + 11 <= flv.Length;)
        {
            var size = (flv[pos + 1] << 16) | (flv[pos + 2] << 8) | flv[pos + 3];
            var timestamp = (flv[pos + 4] << 16) | (flv[pos + 5] << 8) | flv[pos + 6] | (flv[pos + 7] << 24);
            var body = flv.AsSpan(pos + 11, size);
            if (flv[pos] == 9 && body[1] == 0)
            {
                var record = body[5..];
                nalLengthSize = (record[4] & 3) + 1;
                var spsLength = BinaryPrimitives.ReadUInt16BigEndian(record[6..]);
                sps = record.Slice(8, spsLength).ToArray();
                var ppsLength = BinaryPrimitives.ReadUInt16BigEndian(record[(9 + spsLength)..]);
                pps = record.Slice(11 + spsLength, ppsLength).ToArray();
            }
            else if (flv[pos] == 9 && body[1] == 1)
            {
                var cts = ((body[2] << 24) | (body[3] << 16) | (body[4] << 8)) >> 8;
                frames.Add((body[5..].ToArray(), timestamp * 90L, (timestamp + cts) * 90L));
            }

            pos += 11 + size + 4;
        }
    }

    [Benchmark(Description = "3 s 1280x720@30 High+B -> x264 no-B 2.5 Mbit/s")]
    public int ReencodeThreeSeconds()
    {
        using var reencoder = new H264Reencoder(1280, 720, 30, 2_500_000, 60, Preset);
        foreach (var (avcc, dts, pts) in frames)
        {
            reencoder.Push(avcc, nalLengthSize, sps, pps, dts, pts, sink);
        }

        reencoder.Flush(sink);
        LastLatency = (reencoder.AddedLatencyFrames, reencoder.MaxAddedLatencyFrames, reencoder.AddedLatency);
        return sink.Count;
    }

    private static (double Mean, int Max, TimeSpan Time) LastLatency { get; set; }

    [GlobalCleanup]
    public void Cleanup() =>
        Console.WriteLine($"// H264Reencoder added latency ({Preset}): mean {LastLatency.Mean:F2} frames = {LastLatency.Time.TotalMilliseconds:F1} ms, max {LastLatency.Max} frames");

    private sealed class CountingSink : IEncodedVideoSink
    {
        public int Count { get; private set; }

        public void OnAccessUnit(ReadOnlySpan<byte> avcc, long pts90k, bool keyframe) => Count++;
    }
}

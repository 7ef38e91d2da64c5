using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Media.FFmpeg.Audio;

namespace Bench.Audio;

/// <summary>CPU cost of one AAC→Opus stream: transcodes 10 s of 48 kHz stereo AAC per invocation (real-time factor = 10 s / mean).</summary>
[MemoryDiagnoser]
public class AacToOpusBenchmark
{
    private const int Seconds = 10;
    private readonly CountingSink sink = new();
    private byte[] audioSpecificConfig = [];
    private List<byte[]> frames = [];

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(Path.GetTempPath(), $"aac-opus-bench-{Environment.ProcessId}.aac");
        using (var ffmpeg = Process.Start("ffmpeg", $"-hide_banner -loglevel error -y -f lavfi -i sine=frequency=440:sample_rate=48000 -t {Seconds} -c:a aac -ac 2 -f adts {file}"))
        {
            ffmpeg.WaitForExit();
        }

        var bytes = File.ReadAllBytes(file);
        File.Delete(file);
        for (var pos = 0; pos + 7 <= bytes.Length;)
        {
            var length = ((bytes[pos + 3] & 3) << 11) | (bytes[pos + 4] << 3) | (bytes[pos + 5] >> 5);
            var header = (bytes[pos + 1] & 1) == 1 ? 7 : 9;
            frames.Add(bytes[(pos + header)..(pos + length)]);
            pos += length;
        }

        var profile = bytes[2] >> 6;
        var samplingIndex = (bytes[2] >> 2) & 0xF;
        var channels = ((bytes[2] & 1) << 2) | (bytes[3] >> 6);
        audioSpecificConfig = [(byte)(((profile + 1) << 3) | (samplingIndex >> 1)), (byte)(((samplingIndex & 1) << 7) | (channels << 3))];
    }

    [Benchmark(Description = "10 s 48k stereo AAC -> Opus 96k")]
    public int TranscodeTenSeconds()
    {
        using var transcoder = new AacToOpusTranscoder(audioSpecificConfig);
        for (var i = 0; i < frames.Count; i++)
        {
            transcoder.Push(frames[i], (long)i * 1024, sink);
        }

        return sink.Count;
    }

    private sealed class CountingSink : IOpusPacketSink
    {
        public int Count { get; private set; }

        public void OnPacket(OpusPacket packet) => Count++;
    }
}

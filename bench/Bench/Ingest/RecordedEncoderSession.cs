using System.Diagnostics;
using Ingest.Rtmp.Flv;
using Ingest.Rtmp.Protocol;

namespace Bench.Ingest;

/// <summary>A real encoder's output (ffmpeg, OBS-like settings) laid out as the RTMP chunk stream the server reads.</summary>
internal static class RecordedEncoderSession
{
    /// <summary>Encodes <paramref name="seconds"/> of 1280x720@30 H.264 (2.5 Mbit/s, no B-frames) + AAC 48 kHz stereo with ffmpeg, cached.</summary>
    public static IReadOnlyList<FlvFileTag> Tags(double seconds)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sfu-bench-720p-{seconds}s.flv");
        if (!File.Exists(path))
        {
            var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg")
            {
                ArgumentList =
                {
                    "-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-bf", "0", "-g", "30", "-b:v", "2500k",
                    "-c:a", "aac", "-ar", "48000", "-ac", "2", "-f", "flv", path,
                },
            }) ?? throw new InvalidOperationException("ffmpeg not found: run scripts/bootstrap.sh");
            ffmpeg.WaitForExit();
            if (ffmpeg.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed with exit code {ffmpeg.ExitCode}");
            }
        }

        return FlvFileReader.ReadTags(File.ReadAllBytes(path));
    }

    /// <summary>The audio and video tags as RTMP chunks at the given chunk size (OBS and ffmpeg use 4096).</summary>
    public static byte[] Chunked(IReadOnlyList<FlvFileTag> tags, int chunkSize, out int messages)
    {
        var writer = new RtmpChunkWriter { ChunkSize = chunkSize };
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        messages = 0;
        foreach (var tag in tags)
        {
            if (tag.TagType is FlvFileTag.Audio or FlvFileTag.Video)
            {
                writer.Write(output, tag.TagType == FlvFileTag.Audio ? 4 : 6, (RtmpMessageType)tag.TagType, 1, tag.Timestamp, tag.Body);
                messages++;
            }
        }

        return output.WrittenSpan.ToArray();
    }
}

using System.Diagnostics;

namespace Media.FFmpeg.Tests.Support;

/// <summary>Real x264 High-profile FLV with B-frames, produced once per run by the ffmpeg CLI (as OBS would publish it).</summary>
public static class H264Samples
{
    private static readonly Lazy<FlvH264Stream> Testsrc360p = new(() => Generate("testsrc360p", "640x360"));

    /// <summary>3 s of testsrc2 at 640x360@30, -bf 2 -g 60.</summary>
    public static FlvH264Stream Testsrc360pWithBFrames => Testsrc360p.Value;

    private static FlvH264Stream Generate(string name, string size)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"media-ffmpeg-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        var flv = Path.Combine(directory, name + ".flv");
        var arguments = $"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size={size}:rate=30 -t 3 -c:v libx264 -preset veryfast -profile:v high -bf 2 -g 60 -pix_fmt yuv420p -f flv {flv}";
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {stderr}");
        }

        return FlvH264Stream.Parse(File.ReadAllBytes(flv));
    }
}

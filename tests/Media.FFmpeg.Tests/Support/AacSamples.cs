using System.Diagnostics;

namespace Media.FFmpeg.Tests.Support;

/// <summary>Real AAC produced once per run by the ffmpeg CLI, plus its reference decode.</summary>
public static class AacSamples
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), $"media-ffmpeg-tests-{Environment.ProcessId}");
    private static readonly Lazy<(AdtsStream, float[])> Stereo48k = new(() => Generate("stereo48k", 440, 48000, 2, 2));
    private static readonly Lazy<(AdtsStream, float[])> Mono44k = new(() => Generate("mono44k", 1000, 44100, 1, 2));

    public static bool CliAvailable { get; } = Run("-version", out _) == 0;

    /// <summary>2 s, 440 Hz, 48 kHz stereo; the reference decode is interleaved float at the source rate.</summary>
    public static (AdtsStream Stream, float[] Reference) Stereo48kSine => Stereo48k.Value;

    /// <summary>2 s, 1000 Hz, 44.1 kHz mono.</summary>
    public static (AdtsStream Stream, float[] Reference) Mono44kSine => Mono44k.Value;

    private static (AdtsStream, float[]) Generate(string name, int frequency, int rate, int channels, int seconds)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var aac = Path.Combine(Directory, name + ".aac");
        var pcm = Path.Combine(Directory, name + ".f32");
        Check(Run($"-y -f lavfi -i sine=frequency={frequency}:sample_rate={rate} -t {seconds} -c:a aac -ac {channels} -f adts {aac}", out var e1), e1);
        Check(Run($"-y -i {aac} -f f32le -c:a pcm_f32le {pcm}", out var e2), e2);
        var bytes = File.ReadAllBytes(pcm);
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 4);
        return (AdtsStream.Parse(File.ReadAllBytes(aac)), samples);
    }

    private static void Check(int exitCode, string stderr)
    {
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({exitCode}): {stderr}");
        }
    }

    private static int Run(string arguments, out string stderr)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -loglevel error " + arguments)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            stderr = ex.Message;
            return -1;
        }
    }
}

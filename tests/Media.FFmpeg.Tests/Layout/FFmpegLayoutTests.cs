using System.Diagnostics;
using Media.FFmpeg.Native;

namespace Media.FFmpeg.Tests.Layout;

/// <summary>Compiles Layout/ffmpeg_layout.c against the system headers and compares with FFmpegLayout.</summary>
public sealed class FFmpegLayoutTests
{
    // Debian puts the headers under the multiarch directory; plain /usr/include is the upstream default.
    private static readonly string[] HeaderCandidates =
    [
        "/usr/include/libavutil/frame.h",
        $"/usr/include/{(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "aarch64" : "x86_64")}-linux-gnu/libavutil/frame.h",
    ];

    public static string? FindHeader() => HeaderCandidates.FirstOrDefault(File.Exists);

    public static string? FindGcc() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "gcc"))
            .FirstOrDefault(File.Exists);

    [LayoutFact]
    public void HardCodedOffsetsMatchTheSystemHeaders()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Layout", "ffmpeg_layout.c");
        var binary = Path.Combine(Path.GetTempPath(), $"ffmpeg_layout_{Environment.ProcessId}");
        var includeRoot = Path.GetDirectoryName(Path.GetDirectoryName(FindHeader()))!;
        Assert.Equal(0, Run(FindGcc()!, $"-I{includeRoot} -o {binary} {source}", out var compileOutput));
        Assert.True(File.Exists(binary), compileOutput);
        try
        {
            Assert.Equal(0, Run(binary, string.Empty, out var printed));
            var actual = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(FFmpegLayout.ByCName.Keys.Order(), actual.Keys.Order());
            foreach (var (name, value) in FFmpegLayout.ByCName)
            {
                Assert.True(value == actual[name], $"{name}: C# has {value}, headers say {actual[name]}");
            }
        }
        finally
        {
            File.Delete(binary);
        }
    }

    private static int Run(string file, string arguments, out string output)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        return process.ExitCode;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace EndToEnd.Infrastructure;

/// <summary>Command lines of the real encoders the tests publish with (see shared TESTING.md for the OBS-like profiles).</summary>
public static partial class Encoders
{
    /// <summary>OBS "plain" settings: no B-frames, fixed GOP.</summary>
    public static readonly string[] PlainProfile =
        ["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-bf", "0", "-g", "30", "-sc_threshold", "0", "-b:v", "2500k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "48000", "-ac", "2"];

    /// <summary>OBS defaults: High profile with two B-frames, 2-second GOP at 30 fps.</summary>
    public static readonly string[] ObsDefaultProfile =
        ["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", "2", "-g", "60", "-sc_threshold", "0", "-b:v", "2500k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "48000", "-ac", "2", "-b:a", "160k"];

    /// <summary>ffmpeg arguments that push test video and a sine tone to an RTMP URL.</summary>
    public static string[] Ffmpeg(string url, string[] profile, string size, double seconds, bool realtime = false, int frameRate = 30) =>
    [
        "-hide_banner", "-nostdin", "-loglevel", "info",
        .. realtime ? new[] { "-re" } : [],
        "-f", "lavfi", "-i", $"testsrc2=size={size}:rate={frameRate}",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", seconds.ToString(CultureInfo.InvariantCulture),
        .. profile,
        "-f", "flv", url,
    ];

    /// <summary>The last <c>frame=</c> count ffmpeg reported sending.</summary>
    public static int FramesReported(string ffmpegStderr)
    {
        var matches = FrameCount().Matches(ffmpegStderr);
        Assert.True(matches.Count > 0, $"ffmpeg reported no frame count:\n{ffmpegStderr}");
        return int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"frame=\s*(\d+)")]
    private static partial Regex FrameCount();
}

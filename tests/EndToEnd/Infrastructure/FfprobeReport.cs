using System.Globalization;
using System.Text.Json;

namespace EndToEnd.Infrastructure;

/// <summary>What ffprobe decodes from a file: an independent check of what the server forwarded.</summary>
public sealed record FfprobeReport(string CodecName, int Width, int Height, int DecodedFrames, int SampleRate, int Channels, string Profile)
{
    /// <summary>Runs <c>ffprobe -count_frames</c> on the first stream of a file.</summary>
    public static async Task<FfprobeReport> ProbeAsync(string path)
    {
        using var probe = await ExternalProcess.RunAsync(
            TimeSpan.FromSeconds(60),
            "ffprobe",
            "-v", "error", "-count_frames", "-show_streams", "-of", "json", path).ConfigureAwait(false);
        Assert.True(probe.ExitCode == 0, $"ffprobe failed on {path}: {probe.StandardError}");
        using var json = JsonDocument.Parse(probe.StandardOutput);
        var stream = json.RootElement.GetProperty("streams")[0];
        return new FfprobeReport(
            Text(stream, "codec_name"),
            Int(stream, "width"),
            Int(stream, "height"),
            Int(stream, "nb_read_frames"),
            Int(stream, "sample_rate"),
            Int(stream, "channels"),
            Text(stream, "profile"));
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : string.Empty;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) ? number : 0;
}

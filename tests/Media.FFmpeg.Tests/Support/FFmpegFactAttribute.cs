namespace Media.FFmpeg.Tests.Support;

/// <summary>A fact that is skipped, with the probe's reason, when FFmpeg libraries or the ffmpeg CLI are missing.</summary>
public sealed class FFmpegFactAttribute : FactAttribute
{
    public FFmpegFactAttribute()
    {
        if (!FFmpegAvailability.IsAvailable)
        {
            Skip = FFmpegAvailability.Reason;
        }
        else if (!AacSamples.CliAvailable)
        {
            Skip = "ffmpeg CLI not found on PATH; it generates the AAC test input.";
        }
    }
}

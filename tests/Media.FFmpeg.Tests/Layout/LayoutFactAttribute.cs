namespace Media.FFmpeg.Tests.Layout;

/// <summary>A fact that is skipped with a clear message when gcc or the FFmpeg development headers are missing.</summary>
public sealed class LayoutFactAttribute : FactAttribute
{
    public LayoutFactAttribute()
    {
        if (FFmpegLayoutTests.FindHeader() is null)
        {
            Skip = "FFmpeg headers not installed (apt-get install libavcodec-dev libavutil-dev libswresample-dev); struct layout not verified.";
        }
        else if (FFmpegLayoutTests.FindGcc() is null)
        {
            Skip = "gcc not found on PATH; struct layout not verified.";
        }
    }
}

namespace Media.FFmpeg.Native;

/// <summary>Shared-library names of the FFmpeg 5.1 libraries as Debian installs them.</summary>
internal static class FFmpegLibraryNames
{
    public const string AvCodec = "libavcodec.so.59";
    public const string AvUtil = "libavutil.so.57";
    public const string SwResample = "libswresample.so.4";
}

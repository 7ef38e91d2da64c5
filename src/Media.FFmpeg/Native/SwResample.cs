using System.Runtime.InteropServices;

namespace Media.FFmpeg.Native;

/// <summary>The libswresample functions the audio bridge uses, with FFmpeg's exact C names and raw pointers.</summary>
internal static unsafe partial class SwResample
{
    [LibraryImport(FFmpegLibraryNames.SwResample)]
    public static partial int swr_alloc_set_opts2(
        ref nint ps,
        nint outChLayout,
        int outSampleFmt,
        int outSampleRate,
        nint inChLayout,
        int inSampleFmt,
        int inSampleRate,
        int logOffset,
        nint logCtx);

    [LibraryImport(FFmpegLibraryNames.SwResample)]
    public static partial int swr_init(nint s);

    [LibraryImport(FFmpegLibraryNames.SwResample)]
    public static partial int swr_convert(nint s, byte** output, int outCount, byte** input, int inCount);

    [LibraryImport(FFmpegLibraryNames.SwResample)]
    public static partial long swr_get_delay(nint s, long timeBase);

    [LibraryImport(FFmpegLibraryNames.SwResample)]
    public static partial void swr_free(ref nint s);
}

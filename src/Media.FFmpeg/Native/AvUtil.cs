using System.Runtime.InteropServices;

namespace Media.FFmpeg.Native;

/// <summary>The libavutil functions the audio bridge uses, with FFmpeg's exact C names and raw pointers.</summary>
internal static unsafe partial class AvUtil
{
    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial nint av_frame_alloc();

    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial void av_frame_free(ref nint frame);

    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial void av_frame_unref(nint frame);

    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial int av_frame_get_buffer(nint frame, int align);

    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial int av_frame_make_writable(nint frame);

    [LibraryImport(FFmpegLibraryNames.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int av_opt_set(nint obj, string name, string val, int searchFlags);

    [LibraryImport(FFmpegLibraryNames.AvUtil, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int av_opt_set_int(nint obj, string name, long val, int searchFlags);

    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial int av_strerror(int errnum, byte* errbuf, nuint errbufSize);

    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial void av_log_set_level(int level);

    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial void av_channel_layout_default(nint chLayout, int nbChannels);
}

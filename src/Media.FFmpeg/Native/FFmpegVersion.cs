using System.Runtime.InteropServices;

namespace Media.FFmpeg.Native;

/// <summary>Version queries of the system FFmpeg libraries, named as in FFmpeg's C API.</summary>
/// <remarks>The codec bridge needs libavcodec 59 / libavutil 57 / libswresample 4 (FFmpeg 5.1, Debian 12).</remarks>
public static partial class FFmpegVersion
{
    /// <summary>Major version of libavcodec this binding is written against.</summary>
    public const int ExpectedAvcodecMajor = 59;

    /// <summary>Major version of libavutil this binding is written against.</summary>
    public const int ExpectedAvutilMajor = 57;

    /// <summary>Major version of libswresample this binding is written against.</summary>
    public const int ExpectedSwresampleMajor = 4;

    /// <summary>libavcodec's <c>LIBAVCODEC_VERSION_INT</c> (major &lt;&lt; 16 | minor &lt;&lt; 8 | micro).</summary>
    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial uint avcodec_version();

    /// <summary>libavutil's <c>LIBAVUTIL_VERSION_INT</c>.</summary>
    [LibraryImport(FFmpegLibraryNames.AvUtil)]
    public static partial uint avutil_version();

    /// <summary>libswresample's <c>LIBSWRESAMPLE_VERSION_INT</c>.</summary>
    [LibraryImport(FFmpegLibraryNames.SwResample)]
    public static partial uint swresample_version();

    /// <summary>Major part of an FFmpeg <c>*_VERSION_INT</c>.</summary>
    public static int Major(uint versionInt) => (int)(versionInt >> 16);

    /// <summary>Throws with an install hint when the system libraries are missing or of another major version.</summary>
    public static void EnsureCompatible()
    {
        try
        {
            Check("libavcodec", Major(avcodec_version()), ExpectedAvcodecMajor);
            Check("libavutil", Major(avutil_version()), ExpectedAvutilMajor);
            Check("libswresample", Major(swresample_version()), ExpectedSwresampleMajor);
        }
        catch (DllNotFoundException ex)
        {
            throw new InvalidOperationException("FFmpeg 5.1 libraries not found; install them with 'apt-get install ffmpeg'.", ex);
        }
    }

    private static void Check(string library, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{library} major version {actual} found, {expected} (FFmpeg 5.1) required.");
        }
    }
}

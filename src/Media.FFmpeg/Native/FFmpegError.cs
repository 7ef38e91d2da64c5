using System.Text;

namespace Media.FFmpeg.Native;

/// <summary>Turns AVERROR codes into <see cref="FFmpegException"/>s with av_strerror text.</summary>
internal static unsafe class FFmpegError
{
    public static string Describe(int errorCode)
    {
        const int size = 128;
        var buffer = stackalloc byte[size];
        // av_strerror still fills a generic text on failure, so the result is always usable.
        _ = AvUtil.av_strerror(errorCode, buffer, size);
        var length = new ReadOnlySpan<byte>(buffer, size).IndexOf((byte)0);
        return Encoding.UTF8.GetString(buffer, length < 0 ? size : length);
    }

    /// <summary>Returns <paramref name="result"/> when non-negative, otherwise throws.</summary>
    public static int Check(int result, string operation) =>
        result < 0 ? throw new FFmpegException(operation, result) : result;

    public static nint CheckAlloc(nint pointer, string operation) =>
        pointer == 0 ? throw new FFmpegException($"{operation} returned NULL (out of memory or unknown codec)") : pointer;
}

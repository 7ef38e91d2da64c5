namespace Media.FFmpeg;

/// <summary>An FFmpeg call failed; the message carries FFmpeg's own <c>av_strerror</c> text.</summary>
public sealed class FFmpegException : Exception
{
    public FFmpegException()
    {
    }

    public FFmpegException(string message)
        : base(message)
    {
    }

    public FFmpegException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FFmpegException(string operation, int errorCode)
        : base($"{operation} failed: {Native.FFmpegError.Describe(errorCode)} ({errorCode})")
    {
        Operation = operation;
        ErrorCode = errorCode;
    }

    /// <summary>The FFmpeg function (or step) that failed.</summary>
    public string? Operation { get; }

    /// <summary>The negative AVERROR code FFmpeg returned, or 0 when not from a return code.</summary>
    public int ErrorCode { get; }
}

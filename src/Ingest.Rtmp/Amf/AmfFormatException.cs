namespace Ingest.Rtmp.Amf;

/// <summary>Thrown when AMF input is truncated, malformed, nested too deeply or uses an unsupported feature.</summary>
public sealed class AmfFormatException : FormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AmfFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AmfFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public AmfFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the byte offset where decoding failed.</summary>
    public AmfFormatException(string message, int offset)
        : base($"{message} (at byte {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset into the decoded buffer where the problem was found, or -1 when unknown.</summary>
    public int Offset { get; } = -1;
}

namespace Ingest.Rtmp.Protocol;

/// <summary>The peer broke the RTMP protocol; the connection is closed with this message as the logged reason.</summary>
public sealed class RtmpProtocolException : Exception
{
    /// <summary>Creates the exception with a reason a person can act on.</summary>
    public RtmpProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the parser error that caused it.</summary>
    public RtmpProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Egress.WebRtc.Sdp;

/// <summary>Thrown when text is not a well-formed session description; carries the 1-based line number.</summary>
public sealed class SdpParseException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="SdpParseException"/> class.</summary>
    public SdpParseException(int lineNumber, string reason)
        : base($"SDP line {lineNumber}: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>Gets the 1-based line the problem was found on.</summary>
    public int LineNumber { get; }

    /// <summary>Gets the problem without the line prefix.</summary>
    public string Reason { get; }
}

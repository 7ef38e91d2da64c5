namespace Egress.WebRtc.Sdp;

/// <summary>Thrown when an offer is well-formed but cannot be answered; the message is meant for the client (e.g. an HTTP 400/406 body).</summary>
public sealed class SdpNegotiationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SdpNegotiationException"/> class.</summary>
    public SdpNegotiationException(string message)
        : base(message)
    {
    }
}

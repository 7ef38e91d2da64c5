namespace Egress.WebRtc.Sdp;

/// <summary>Thrown when an offer is well-formed but cannot be answered; the message is meant for the client (e.g. an HTTP 400/406 body).</summary>
public sealed class SdpNegotiationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SdpNegotiationException"/> class for an offer with nothing acceptable (406).</summary>
    public SdpNegotiationException(string message)
        : this(message, 406)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SdpNegotiationException"/> class with the HTTP status the refusal maps to.</summary>
    public SdpNegotiationException(string message, int statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the HTTP status to answer with: 406 when nothing offered is usable, 400 when the offer breaks the protocol's rules.</summary>
    public int StatusCode { get; }
}

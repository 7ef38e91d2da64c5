namespace Egress.WebRtc.Whep;

/// <summary>A WHIP or WHEP request that cannot be served: the HTTP status and the reason the client is told.</summary>
public sealed class SessionRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionRequestException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>HTTP status to answer with.</summary>
    public int StatusCode { get; }
}

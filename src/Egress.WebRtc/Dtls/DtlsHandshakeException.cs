namespace Egress.WebRtc.Dtls;

/// <summary>The DTLS handshake failed; <see cref="Exception.Message"/> carries the reason also given to <see cref="DtlsSession.Failed"/>.</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates an exception with no reason.</summary>
    public DtlsHandshakeException()
    {
    }

    /// <summary>Creates an exception with a reason.</summary>
    public DtlsHandshakeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a reason and the underlying BouncyCastle error.</summary>
    public DtlsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

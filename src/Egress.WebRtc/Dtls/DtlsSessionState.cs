namespace Egress.WebRtc.Dtls;

/// <summary>Lifecycle of a <see cref="DtlsSession"/>; transitions only move forward.</summary>
public enum DtlsSessionState
{
    /// <summary>Constructed, <see cref="DtlsSession.Start"/> not called yet.</summary>
    New,

    /// <summary>Started, waiting for the peer's ClientHello; no worker is held.</summary>
    AwaitingClientHello,

    /// <summary>ClientHello arrived; waiting for a free handshake worker.</summary>
    Queued,

    /// <summary>BouncyCastle's handshake is running on a worker.</summary>
    Handshaking,

    /// <summary>Handshake done, SRTP keys available.</summary>
    Connected,

    /// <summary>The peer ended a connected association (close_notify or fatal alert).</summary>
    Closed,

    /// <summary>The handshake failed or timed out.</summary>
    Failed,

    /// <summary>Disposed locally.</summary>
    Disposed,
}

namespace Egress.WebRtc.Sdp;

/// <summary>The a=setup DTLS role attribute (RFC 4145, RFC 8842).</summary>
public enum SdpSetupRole
{
    /// <summary>Either role; what offers must say.</summary>
    ActPass,

    /// <summary>Initiates the DTLS handshake (client).</summary>
    Active,

    /// <summary>Waits for the handshake (server).</summary>
    Passive,

    /// <summary>No connection for now.</summary>
    HoldConn,
}

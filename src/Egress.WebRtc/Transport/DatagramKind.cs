namespace Egress.WebRtc.Transport;

/// <summary>What a datagram on the shared port is, by its first bytes (RFC 7983, RFC 5761).</summary>
public enum DatagramKind
{
    /// <summary>Not something we accept.</summary>
    Unknown,

    /// <summary>STUN (first byte 0..3).</summary>
    Stun,

    /// <summary>DTLS record (first byte 20..63).</summary>
    Dtls,

    /// <summary>SRTP (first byte 128..191, payload type outside 64..95).</summary>
    Rtp,

    /// <summary>SRTCP (first byte 128..191, packet type 192..223).</summary>
    Rtcp,
}

namespace Egress.WebRtc.Sdp;

/// <summary>The RTCP feedback a WHIP answer agreed on for one m-line: what we may send to the publisher.</summary>
[Flags]
public enum WhipRtcpFeedback
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Generic NACK (RFC 4585).</summary>
    Nack = 1,

    /// <summary>Picture loss indication (nack pli).</summary>
    Pli = 2,

    /// <summary>Full intra request (ccm fir, RFC 5104).</summary>
    Fir = 4,

    /// <summary>Transport-wide congestion control feedback (needs the transport-wide-cc header extension).</summary>
    TransportCc = 8,

    /// <summary>Receiver estimated maximum bitrate, answered only when transport-cc is not.</summary>
    GoogRemb = 16,
}

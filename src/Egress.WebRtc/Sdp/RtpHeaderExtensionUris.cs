namespace Egress.WebRtc.Sdp;

/// <summary>URIs of the RTP header extensions the egress path implements.</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>RFC 8843 §15 MID extension: lets the receiver demux bundled streams before it has learned SSRCs.</summary>
    public const string SdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 RtpStreamId: names the simulcast encoding (a=rid) a packet belongs to.</summary>
    public const string SdesRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 RepairedRtpStreamId: names the encoding an RTX packet repairs.</summary>
    public const string SdesRepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Transport-wide sequence numbers for transport-cc feedback.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Absolute send time (6.18 fixed point seconds), used by REMB-style estimators.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Playout delay (webrtc.org experiment): the sender's min/max delay for the receiver's jitter buffer.</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
}

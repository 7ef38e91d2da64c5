namespace Egress.WebRtc.Sdp;

/// <summary>The kinds of RTP media a WHEP source can provide.</summary>
public enum SdpMediaKind
{
    /// <summary>An m=audio section.</summary>
    Audio,

    /// <summary>An m=video section.</summary>
    Video,
}

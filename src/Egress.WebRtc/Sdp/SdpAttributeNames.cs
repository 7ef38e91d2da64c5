namespace Egress.WebRtc.Sdp;

/// <summary>Names of the SDP attributes this library understands.</summary>
public static class SdpAttributeNames
{
    /// <summary>a=rtpmap.</summary>
    public const string RtpMap = "rtpmap";

    /// <summary>a=fmtp.</summary>
    public const string Fmtp = "fmtp";

    /// <summary>a=rtcp-fb.</summary>
    public const string RtcpFeedback = "rtcp-fb";

    /// <summary>a=extmap.</summary>
    public const string Extmap = "extmap";

    /// <summary>a=extmap-allow-mixed.</summary>
    public const string ExtmapAllowMixed = "extmap-allow-mixed";

    /// <summary>a=ssrc.</summary>
    public const string Ssrc = "ssrc";

    /// <summary>a=ssrc-group.</summary>
    public const string SsrcGroup = "ssrc-group";

    /// <summary>a=msid.</summary>
    public const string Msid = "msid";

    /// <summary>a=msid-semantic (legacy, still sent by Chrome).</summary>
    public const string MsidSemantic = "msid-semantic";

    /// <summary>a=mid.</summary>
    public const string Mid = "mid";

    /// <summary>a=group.</summary>
    public const string Group = "group";

    /// <summary>a=ice-ufrag.</summary>
    public const string IceUfrag = "ice-ufrag";

    /// <summary>a=ice-pwd.</summary>
    public const string IcePwd = "ice-pwd";

    /// <summary>a=ice-options.</summary>
    public const string IceOptions = "ice-options";

    /// <summary>a=ice-lite.</summary>
    public const string IceLite = "ice-lite";

    /// <summary>a=fingerprint.</summary>
    public const string Fingerprint = "fingerprint";

    /// <summary>a=setup.</summary>
    public const string Setup = "setup";

    /// <summary>a=rtcp-mux.</summary>
    public const string RtcpMux = "rtcp-mux";

    /// <summary>a=rtcp-mux-only.</summary>
    public const string RtcpMuxOnly = "rtcp-mux-only";

    /// <summary>a=rtcp-rsize.</summary>
    public const string RtcpRsize = "rtcp-rsize";

    /// <summary>a=candidate.</summary>
    public const string Candidate = "candidate";

    /// <summary>a=end-of-candidates.</summary>
    public const string EndOfCandidates = "end-of-candidates";

    /// <summary>a=bundle-only.</summary>
    public const string BundleOnly = "bundle-only";

    /// <summary>a=rid (RFC 8851).</summary>
    public const string Rid = "rid";

    /// <summary>a=simulcast (RFC 8853).</summary>
    public const string Simulcast = "simulcast";

    /// <summary>a=sendrecv.</summary>
    public const string SendRecv = "sendrecv";

    /// <summary>a=sendonly.</summary>
    public const string SendOnly = "sendonly";

    /// <summary>a=recvonly.</summary>
    public const string RecvOnly = "recvonly";

    /// <summary>a=inactive.</summary>
    public const string Inactive = "inactive";
}

namespace Egress.WebRtc.Sdp;

/// <summary>One accepted WHIP m-line: what the publisher will send on it and what we agreed to send back.</summary>
public sealed record WhipReceivedMedia
{
    /// <summary>Gets the media kind.</summary>
    public required SdpMediaKind Kind { get; init; }

    /// <summary>Gets the mid, if the offer had one (it always has with BUNDLE).</summary>
    public string? Mid { get; init; }

    /// <summary>Gets the m-line index in the offer (and answer).</summary>
    public required int Index { get; init; }

    /// <summary>Gets the payload type the media arrives with.</summary>
    public required int PayloadType { get; init; }

    /// <summary>Gets the encoding name as offered, e.g. H264, VP8, opus (compare case-insensitively).</summary>
    public required string CodecName { get; init; }

    /// <summary>Gets the RTP clock rate.</summary>
    public required int ClockRate { get; init; }

    /// <summary>Gets the channel count from the rtpmap (2 for opus), null for video.</summary>
    public int? Channels { get; init; }

    /// <summary>Gets the offer's fmtp parameters for the payload type (e.g. profile-level-id, packetization-mode, sprop-parameter-sets), keys case-insensitive.</summary>
    public required IReadOnlyDictionary<string, string> FormatParameters { get; init; }

    /// <summary>Gets the RTX payload type (RFC 4588) retransmissions arrive with, or null when none was offered.</summary>
    public int? RtxPayloadType { get; init; }

    /// <summary>Gets the RTCP feedback we may send for this line.</summary>
    public WhipRtcpFeedback Feedback { get; init; }

    /// <summary>Gets the sdes:mid header extension id, or null.</summary>
    public int? MidExtensionId { get; init; }

    /// <summary>Gets the sdes:rtp-stream-id (rid) header extension id, or null.</summary>
    public int? RidExtensionId { get; init; }

    /// <summary>Gets the sdes:repaired-rtp-stream-id header extension id, or null.</summary>
    public int? RepairedRidExtensionId { get; init; }

    /// <summary>Gets the transport-wide-cc header extension id, or null.</summary>
    public int? TransportWideCcExtensionId { get; init; }

    /// <summary>Gets the abs-send-time header extension id, or null.</summary>
    public int? AbsSendTimeExtensionId { get; init; }

    /// <summary>Gets the simulcast rids in a=simulcast order (alternatives flattened, no '~'); empty without simulcast.</summary>
    public IReadOnlyList<string> Rids { get; init; } = [];

    /// <summary>Gets the SSRCs the offer's a=ssrc lines declare for this line, in order; empty when it declares none (Chromium with simulcast).</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    /// <summary>Gets the RTX SSRC per media SSRC from the offer's a=ssrc-group:FID lines.</summary>
    public IReadOnlyDictionary<uint, uint> RtxSsrcs { get; init; } = new Dictionary<uint, uint>();
}

namespace Egress.WebRtc.Sdp;

/// <summary>The outcome for one offered m-line: rejected, or accepted with the RTP parameters the sender must use.</summary>
public sealed record WhepNegotiatedMedia
{
    /// <summary>Gets the m-line index in the offer (and answer).</summary>
    public required int Index { get; init; }

    /// <summary>Gets the mid, if the offer had one.</summary>
    public string? Mid { get; init; }

    /// <summary>Gets the media type of the m-line (audio, video, application...).</summary>
    public required string Media { get; init; }

    /// <summary>Gets a value indicating whether the m-line kept a port: it sends <see cref="Track"/>, or is inactive to carry the BUNDLE transport.</summary>
    public required bool Accepted { get; init; }

    /// <summary>Gets why no media flows on this m-line (rejected, or inactive), or null when it sends.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>Gets the source track sent on this m-line, or null when nothing is sent.</summary>
    public WhepSourceTrack? Track { get; init; }

    /// <summary>Gets the negotiated payload type.</summary>
    public int? PayloadType { get; init; }

    /// <summary>Gets the rtpmap as answered.</summary>
    public SdpRtpMap? Codec { get; init; }

    /// <summary>Gets the fmtp parameters as answered, or null.</summary>
    public string? FormatParameters { get; init; }

    /// <summary>Gets the id for the sdes:mid header extension, or null when not negotiated.</summary>
    public int? MidExtensionId { get; init; }

    /// <summary>Gets the id for the transport-wide-cc header extension, or null.</summary>
    public int? TransportWideCcExtensionId { get; init; }

    /// <summary>Gets the id for the abs-send-time header extension, or null.</summary>
    public int? AbsSendTimeExtensionId { get; init; }

    /// <summary>Gets the id for the playout-delay header extension, or null.</summary>
    public int? PlayoutDelayExtensionId { get; init; }

    /// <summary>Gets the RTX payload type (RFC 4588) answered for retransmissions, or null when there is none.</summary>
    public int? RtxPayloadType { get; init; }

    /// <summary>Gets a value indicating whether generic NACK is on.</summary>
    public bool Nack { get; init; }

    /// <summary>Gets a value indicating whether PLI is on.</summary>
    public bool NackPli { get; init; }

    /// <summary>Gets a value indicating whether FIR is on.</summary>
    public bool CcmFir { get; init; }

    /// <summary>Gets a value indicating whether transport-cc feedback is on (requires the transport-wide-cc extension).</summary>
    public bool TransportCc { get; init; }
}

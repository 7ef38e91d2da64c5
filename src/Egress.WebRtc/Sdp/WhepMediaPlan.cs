namespace Egress.WebRtc.Sdp;

/// <summary>Working state for one offered m-line while an answer is built.</summary>
internal sealed class WhepMediaPlan(int index, SdpMediaDescription offer)
{
    public int Index { get; } = index;

    public SdpMediaDescription Offer { get; } = offer;

    public WhepSourceTrack? Track { get; set; }

    public WhepCodecChoice? Codec { get; set; }

    public string? RejectionReason { get; set; }

    /// <summary>Gets or sets a value indicating whether the line is kept open without media because it carries the BUNDLE transport.</summary>
    public bool Inactive { get; set; }

    public bool KeepsPort => Track is not null || Inactive;
}

namespace Egress.WebRtc.Sdp;

/// <summary>Working state for one offered m-line while an answer is built.</summary>
internal sealed class WhepMediaPlan(int index, SdpMediaDescription offer)
{
    public int Index { get; } = index;

    public SdpMediaDescription Offer { get; } = offer;

    public WhepSourceTrack? Track { get; set; }

    public WhepCodecChoice? Codec { get; set; }

    public string? RejectionReason { get; set; }
}

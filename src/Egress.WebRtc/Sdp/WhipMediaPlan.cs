namespace Egress.WebRtc.Sdp;

/// <summary>Working state for one offered m-line while a WHIP answer is built.</summary>
internal sealed class WhipMediaPlan(int index, SdpMediaDescription offer)
{
    public int Index { get; } = index;

    public SdpMediaDescription Offer { get; } = offer;

    public SdpMediaKind Kind { get; set; }

    public WhipCodecChoice? Codec { get; set; }

    public string? RejectionReason { get; set; }

    /// <summary>Gets or sets a value indicating whether the line is kept open without media because it carries the BUNDLE transport.</summary>
    public bool Inactive { get; set; }

    public bool Accepted => Codec is not null;

    public bool KeepsPort => Accepted || Inactive;
}

namespace Egress.WebRtc.Sdp;

/// <summary>The offered payload type chosen for a WHIP m-line, with what the answer says about it.</summary>
/// <param name="RtpMap">The offered rtpmap, echoed verbatim.</param>
/// <param name="OfferedFormatParameters">The offer's fmtp for the payload type (how the publisher describes its stream), or null.</param>
/// <param name="AnswerFormatParameters">The fmtp text to answer with, or null for none.</param>
/// <param name="Rtx">The offered rtx rtpmap repairing this payload type (apt=), or null.</param>
internal sealed record WhipCodecChoice(SdpRtpMap RtpMap, SdpFmtp? OfferedFormatParameters, string? AnswerFormatParameters, SdpRtpMap? Rtx);

namespace Egress.WebRtc.Sdp;

/// <summary>The payload type picked for a track and the fmtp parameters to answer with.</summary>
/// <param name="RtpMap">The offered rtpmap, echoed verbatim.</param>
/// <param name="FormatParameters">Answer fmtp parameters, or null for none.</param>
internal sealed record WhepCodecChoice(SdpRtpMap RtpMap, string? FormatParameters);

namespace Egress.WebRtc.Whip;

/// <summary>A created WHIP session: its id (the resource name), the SDP answer and its entity tag.</summary>
public sealed record WhipSessionInfo(string SessionId, string AnswerSdp, string ETag);

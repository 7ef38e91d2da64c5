namespace Egress.WebRtc.Whep;

/// <summary>A created WHEP session: its id (the resource name), the SDP answer and the entity tag.</summary>
public sealed record WhepSessionInfo(string SessionId, string AnswerSdp, string ETag);

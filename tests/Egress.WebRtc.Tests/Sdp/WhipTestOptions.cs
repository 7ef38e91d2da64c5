using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Server-side WHIP parameters shared by the answer tests (same transport values as the WHEP tests).</summary>
internal static class WhipTestOptions
{
    public static WhipAnswerOptions Create(params string[] preferredVideoCodecs) => new()
    {
        IceUfrag = WhepTestOptions.Ufrag,
        IcePwd = WhepTestOptions.Pwd,
        Fingerprint = WhepTestOptions.Fingerprint,
        Candidates = [WhepTestOptions.Host],
        PreferredVideoCodecs = preferredVideoCodecs.Length == 0 ? ["H264", "VP8"] : preferredVideoCodecs,
        SessionId = 4242,
    };
}

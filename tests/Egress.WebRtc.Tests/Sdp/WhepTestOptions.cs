using System.Net;
using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Server-side parameters shared by the answer tests.</summary>
internal static class WhepTestOptions
{
    public const string Ufrag = "srvU";
    public const string Pwd = "ServerIcePassword0123456789";

    public static readonly SdpFingerprint Fingerprint = SdpFingerprint.FromDigest("sha-256", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static readonly SdpCandidate Host = SdpCandidate.CreateHost("1", IPAddress.Parse("203.0.113.10"), 40000);

    public static WhepSourceTrack Video(string profileLevelId = "42e01f")
        => WhepSourceTrack.H264(profileLevelId, 0x11111111, "sfu-cname", "stream1", "video1");

    public static WhepSourceTrack Audio() => WhepSourceTrack.Opus(0x22222222, "sfu-cname", "stream1", "audio1");

    public static WhepAnswerOptions Create(params WhepSourceTrack[] tracks) => new()
    {
        IceUfrag = Ufrag,
        IcePwd = Pwd,
        Fingerprint = Fingerprint,
        Candidates = [Host],
        Tracks = tracks.Length == 0 ? [Video(), Audio()] : tracks,
        SessionId = 4242,
    };
}

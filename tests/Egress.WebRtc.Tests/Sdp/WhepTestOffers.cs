namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Builds small single-purpose offers so each refusal test changes exactly one thing.</summary>
internal static class WhepTestOffers
{
    public const string Fingerprint = "sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    public static string Video(
        string fmtp = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        bool bundle = true,
        bool rtcpMux = true,
        string setup = "actpass",
        bool credentials = true,
        bool fingerprint = true,
        string direction = "recvonly")
    {
        var lines = new List<string> { "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0" };
        if (bundle)
        {
            lines.Add("a=group:BUNDLE 0");
        }

        lines.AddRange(["m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0"]);
        if (credentials)
        {
            lines.AddRange(["a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx"]);
        }

        if (fingerprint)
        {
            lines.Add("a=fingerprint:" + Fingerprint);
        }

        lines.AddRange([$"a=setup:{setup}", "a=mid:0", $"a={direction}"]);
        if (rtcpMux)
        {
            lines.Add("a=rtcp-mux");
        }

        lines.AddRange(["a=rtpmap:96 H264/90000", "a=rtcp-fb:96 nack", $"a=fmtp:96 {fmtp}"]);
        return string.Join("\r\n", lines) + "\r\n";
    }

    public static string Audio(string rtpmaps = "0 PCMU/8000|8 PCMA/8000")
    {
        var maps = rtpmaps.Split('|');
        var pts = string.Join(' ', maps.Select(m => m.Split(' ')[0]));
        var lines = new List<string>
        {
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            $"m=audio 9 UDP/TLS/RTP/SAVPF {pts}", "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=fingerprint:" + Fingerprint,
            "a=setup:actpass", "a=mid:0", "a=recvonly", "a=rtcp-mux",
        };
        lines.AddRange(maps.Select(m => "a=rtpmap:" + m));
        return string.Join("\r\n", lines) + "\r\n";
    }
}

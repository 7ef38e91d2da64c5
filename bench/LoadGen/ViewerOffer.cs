using System.Text;
using Egress.WebRtc.Sdp;

namespace LoadGen;

/// <summary>
/// The SDP offer a load viewer POSTs: receive-only video (H.264 in the common profiles, VP8, each with RTX) and Opus,
/// BUNDLEd, with NACK, PLI and transport-cc feedback, as a browser's offer would carry them.
/// </summary>
internal static class ViewerOffer
{
    /// <summary>Writes the offer for one viewer's ICE credentials and certificate fingerprint ("sha-256 AB:CD:…").</summary>
    public static string Create(string iceUfrag, string icePwd, string sdpFingerprint)
    {
        var sdp = new StringBuilder();
        void Line(string text) => sdp.Append(text).Append("\r\n");
        Line("v=0");
        Line($"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1");
        Line("s=-");
        Line("t=0 0");
        Line("a=group:BUNDLE 0 1");
        Line("a=msid-semantic: WMS");

        // H.264 Constrained Baseline, Main and High (what OBS and browsers send), then VP8; each with its RTX.
        (int Pt, int Rtx, string Codec, string? Fmtp)[] video =
        [
            (102, 103, "H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
            (104, 105, "H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f"),
            (106, 107, "H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f"),
            (96, 97, "VP8", null),
        ];
        Line($"m=video 9 UDP/TLS/RTP/SAVPF {string.Join(' ', video.SelectMany(v => new[] { v.Pt, v.Rtx }))}");
        Transport("0");
        foreach (var (pt, rtx, codec, fmtp) in video)
        {
            Line($"a=rtpmap:{pt} {codec}/90000");
            Line($"a=rtcp-fb:{pt} transport-cc");
            Line($"a=rtcp-fb:{pt} nack");
            Line($"a=rtcp-fb:{pt} nack pli");
            if (fmtp is not null)
            {
                Line($"a=fmtp:{pt} {fmtp}");
            }

            Line($"a=rtpmap:{rtx} rtx/90000");
            Line($"a=fmtp:{rtx} apt={pt}");
        }

        Line("m=audio 9 UDP/TLS/RTP/SAVPF 111");
        Transport("1");
        Line("a=rtpmap:111 opus/48000/2");
        Line("a=rtcp-fb:111 transport-cc");
        Line("a=fmtp:111 minptime=10;useinbandfec=1");
        return sdp.ToString();

        void Transport(string mid)
        {
            Line("c=IN IP4 0.0.0.0");
            Line("a=rtcp:9 IN IP4 0.0.0.0");
            Line($"a=ice-ufrag:{iceUfrag}");
            Line($"a=ice-pwd:{icePwd}");
            Line($"a=fingerprint:{sdpFingerprint}");
            Line("a=setup:actpass");
            Line($"a=mid:{mid}");
            Line("a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid");
            Line($"a=extmap:3 {RtpHeaderExtensionUris.TransportWideCc}");
            Line("a=recvonly");
            Line("a=rtcp-mux");
            Line("a=rtcp-rsize");
        }
    }
}

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Builds small WHIP offers so each refusal or codec test changes exactly one thing.</summary>
internal static class WhipTestOffers
{
    /// <summary>A session around <paramref name="sections"/>, bundling every mid in order unless told not to.</summary>
    public static string Offer(IReadOnlyList<string> sections, bool bundle = true, string setup = "actpass")
    {
        var lines = new List<string> { "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0" };
        var mids = sections.Select(s => s.Split("\r\n").First(l => l.StartsWith("a=mid:", StringComparison.Ordinal))[6..]);
        if (bundle)
        {
            lines.Add("a=group:BUNDLE " + string.Join(' ', mids));
        }

        var text = string.Join("\r\n", lines) + "\r\n" + string.Concat(sections);
        return text.Replace("a=setup:actpass", $"a=setup:{setup}", StringComparison.Ordinal);
    }

    /// <summary>An m= section; each format is "&lt;pt&gt; &lt;encoding&gt;[ &lt;fmtp&gt;]", extra lines are appended verbatim.</summary>
    public static string Section(string media, string mid, string direction, IReadOnlyList<string> formats, IReadOnlyList<string>? extra = null)
    {
        var pts = formats.Select(f => f.Split(' ')[0]);
        var lines = new List<string>
        {
            $"m={media} 9 UDP/TLS/RTP/SAVPF {string.Join(' ', pts)}",
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:" + WhepTestOffers.Fingerprint,
            "a=setup:actpass",
            $"a=mid:{mid}",
            $"a={direction}",
            "a=rtcp-mux",
        };
        foreach (var format in formats)
        {
            var parts = format.Split(' ', 3);
            lines.Add($"a=rtpmap:{parts[0]} {parts[1]}");
            if (parts.Length == 3)
            {
                lines.Add($"a=fmtp:{parts[0]} {parts[2]}");
            }
        }

        lines.AddRange(extra ?? []);
        return string.Join("\r\n", lines) + "\r\n";
    }

    public static string Video(string mid, IReadOnlyList<string> formats, IReadOnlyList<string>? extra = null, string direction = "sendonly")
        => Section("video", mid, direction, formats, extra);

    public static string Opus(string mid, string direction = "sendonly")
        => Section("audio", mid, direction, ["111 opus/48000/2 minptime=10;useinbandfec=1"]);

    public static string DataChannel(string mid)
        => $"m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
            + $"a=fingerprint:{WhepTestOffers.Fingerprint}\r\na=setup:actpass\r\na=mid:{mid}\r\na=sctp-port:5000\r\n";
}

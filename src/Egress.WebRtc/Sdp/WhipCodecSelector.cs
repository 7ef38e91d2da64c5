using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>Picks the offered payload type a WHIP publisher should send: video by our codec preference, audio Opus only.</summary>
internal static class WhipCodecSelector
{
    private const string PreferredH264ProfileLevelId = "42e01f";

    public static bool IsSupportedVideoCodec(string name) => IsH264(name) || IsVp8(name);

    /// <summary>How the refusal names what we take, e.g. "H.264 (packetization-mode 1) or VP8 video and/or Opus audio".</summary>
    public static string DescribeAccepted(IReadOnlyList<string> preferredVideoCodecs)
    {
        if (preferredVideoCodecs.Count == 0)
        {
            return "Opus audio";
        }

        var video = string.Join(" or ", preferredVideoCodecs.Select(c => IsH264(c) ? "H.264 (packetization-mode 1)" : "VP8"));
        return $"{video} video and/or Opus audio";
    }

    public static bool TrySelect(
        SdpMediaDescription offer, SdpMediaKind kind, IReadOnlyList<string> preferredVideoCodecs, [NotNullWhen(true)] out WhipCodecChoice? choice, out string failure)
    {
        choice = kind == SdpMediaKind.Audio ? SelectOpus(offer) : SelectVideo(offer, preferredVideoCodecs);
        failure = choice is not null ? string.Empty
            : kind == SdpMediaKind.Audio ? $"no opus/48000/2 offered (offered: {WhepCodecSelector.DescribeOffered(offer)})"
            : preferredVideoCodecs.Count == 0 ? "this server takes no video"
            : $"no {DescribeVideo(preferredVideoCodecs)} offered (offered: {WhepCodecSelector.DescribeOffered(offer)})";
        return choice is not null;
    }

    private static WhipCodecChoice? SelectOpus(SdpMediaDescription offer)
    {
        foreach (var pt in offer.PayloadTypes)
        {
            // RFC 7587 §7: opus is always signalled as opus/48000/2, whatever the stream's channel count.
            if (offer.Attributes.GetRtpMap(pt) is { } map && map.Is("opus", 48000) && map.Channels == 2)
            {
                // Kept verbatim (e.g. minptime=10;useinbandfec=1): in-band FEC is only used when the receiver asks for it.
                var fmtp = offer.Attributes.GetFmtp(pt);
                return new WhipCodecChoice(map, fmtp, fmtp is { Parameters.Length: > 0 } ? fmtp.Parameters : null, Rtx(offer, map));
            }
        }

        return null;
    }

    private static WhipCodecChoice? SelectVideo(SdpMediaDescription offer, IReadOnlyList<string> preferred)
    {
        foreach (var codec in preferred)
        {
            WhipCodecChoice? choice = null;
            var bestRank = int.MaxValue;
            foreach (var pt in offer.PayloadTypes)
            {
                if (offer.Attributes.GetRtpMap(pt) is not { } map || !map.Is(codec, 90000))
                {
                    continue;
                }

                var fmtp = offer.Attributes.GetFmtp(pt);
                if (IsVp8(codec))
                {
                    // VP8 has no parameters that change how we depacketize it; the first offered is the offerer's favourite.
                    return new WhipCodecChoice(map, fmtp, fmtp is { Parameters.Length: > 0 } ? fmtp.Parameters : null, Rtx(offer, map));
                }

                // Strictly better only, so equal ranks keep the offerer's order.
                if (H264Rank(fmtp) is { } rank && rank < bestRank)
                {
                    bestRank = rank;
                    choice = new WhipCodecChoice(map, fmtp, H264AnswerParameters(fmtp!), Rtx(offer, map));
                }
            }

            if (choice is not null)
            {
                return choice;
            }
        }

        return null;
    }

    /// <summary>Lower is better; null when we cannot take the payload type at all.</summary>
    private static int? H264Rank(SdpFmtp? fmtp)
    {
        // Mode 0 (single NAL unit) would do, but FU-A/STAP-A is what every publisher sends and what the ingest expects.
        if (fmtp?.Get("packetization-mode") != "1")
        {
            return null;
        }

        var text = fmtp.Get("profile-level-id") ?? WhepCodecSelector.DefaultH264ProfileLevelId;
        if (!H264ProfileLevelId.TryParse(text, out var id))
        {
            return null;
        }

        // Constrained Baseline is what every WHEP viewer can decode without the egress re-labelling the profile, and
        // 42e01f is what players expect; Chromium offers several profiles for the same encoder.
        if (string.Equals(text, PreferredH264ProfileLevelId, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        return id.Profile switch
        {
            H264Profile.ConstrainedBaseline => 1,
            H264Profile.Baseline => 2,
            H264Profile.Main => 3,
            H264Profile.High or H264Profile.ProgressiveHigh or H264Profile.ConstrainedHigh => 4,
            _ => null, // High 10/4:2:2/4:4:4 and Extended play in too few browsers to be worth ingesting.
        };
    }

    private static string H264AnswerParameters(SdpFmtp offered)
    {
        // The answer describes what we receive: the offered profile (RFC 6184 §8.2.2 needs the same one) and mode. The
        // sender's own sprop-parameter-sets are not ours to repeat.
        var values = new List<KeyValuePair<string, string>>();
        if (offered.Get("level-asymmetry-allowed") is { } asymmetry)
        {
            values.Add(new("level-asymmetry-allowed", asymmetry));
        }

        values.Add(new("packetization-mode", "1"));
        if (offered.Get("profile-level-id") is { } profile)
        {
            values.Add(new("profile-level-id", profile));
        }

        return string.Join(';', values.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    private static SdpRtpMap? Rtx(SdpMediaDescription offer, SdpRtpMap codec)
        => SdpAnswerTransport.OfferedRtx(offer, codec.PayloadType) is { } rtx && rtx.ClockRate == codec.ClockRate ? rtx : null;

    private static string DescribeVideo(IReadOnlyList<string> preferred)
        => string.Join(" or ", preferred.Select(c => IsH264(c) ? "H.264 with packetization-mode=1" : "VP8"));

    private static bool IsH264(string name) => string.Equals(name, "H264", StringComparison.OrdinalIgnoreCase);

    private static bool IsVp8(string name) => string.Equals(name, "VP8", StringComparison.OrdinalIgnoreCase);
}

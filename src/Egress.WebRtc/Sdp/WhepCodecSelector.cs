using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>Picks the offered payload type that can carry a source track unchanged, in the offerer's preference order.</summary>
internal static class WhepCodecSelector
{
    // RFC 6184 §8.1: an absent profile-level-id means Baseline level 1.0.
    internal const string DefaultH264ProfileLevelId = "420010";

    // Repair and redundancy formats are not codecs; listing them in a refusal only adds noise.
    private static readonly HashSet<string> NonCodecs = new(StringComparer.OrdinalIgnoreCase) { "rtx", "red", "ulpfec", "flexfec-03" };

    public static bool TrySelect(SdpMediaDescription offer, WhepSourceTrack track, [NotNullWhen(true)] out WhepCodecChoice? choice, out string failure)
    {
        // First choice: the source's own profile. Second: an offered profile whose decoders must play the source's
        // (H.264 Annex A), answered with the offered profile-level-id since offer and answer must agree on the profile.
        if (TrySelect(offer, track, exactProfile: true, out choice) || (IsH264(track) && TrySelect(offer, track, exactProfile: false, out choice)))
        {
            failure = string.Empty;
            return true;
        }

        failure = IsH264(track)
            ? $"offer has no H.264 with packetization-mode=1 able to carry profile-level-id {SourceProfileLevelId(track)} (offered: {DescribeOffered(offer)})"
            : $"offer has no {DescribeSource(track)} for the {track.Kind.ToString().ToLowerInvariant()} source (offered: {DescribeOffered(offer)})";
        return false;
    }

    private static bool TrySelect(SdpMediaDescription offer, WhepSourceTrack track, bool exactProfile, [NotNullWhen(true)] out WhepCodecChoice? choice)
    {
        foreach (var pt in offer.PayloadTypes)
        {
            var rtpMap = offer.Attributes.GetRtpMap(pt);
            if (rtpMap is null || !rtpMap.Is(track.CodecName, track.ClockRate)
                || (track.Kind == SdpMediaKind.Audio && (rtpMap.Channels ?? 1) != (track.Channels ?? 1)))
            {
                continue;
            }

            var fmtp = offer.Attributes.GetFmtp(pt);
            if (!IsH264(track))
            {
                choice = new WhepCodecChoice(rtpMap, AnswerFormatParameters(track, null));
                return true;
            }

            var source = SourceProfileLevelId(track);
            if (exactProfile && H264CanCarry(fmtp, source))
            {
                choice = new WhepCodecChoice(rtpMap, AnswerFormatParameters(track, null));
                return true;
            }

            if (!exactProfile && H264CanDecode(fmtp, source, out var offered))
            {
                choice = new WhepCodecChoice(rtpMap, AnswerFormatParameters(track, offered));
                return true;
            }
        }

        choice = null;
        return false;
    }

    public static bool IsH264(WhepSourceTrack track) => string.Equals(track.CodecName, "H264", StringComparison.OrdinalIgnoreCase);

    public static H264ProfileLevelId SourceProfileLevelId(WhepSourceTrack track)
        => H264ProfileLevelId.Parse(track.Fmtp.TryGetValue("profile-level-id", out var text) ? text : DefaultH264ProfileLevelId);

    private static bool H264CanCarry(SdpFmtp? fmtp, H264ProfileLevelId source)
    {
        // Mode 0 would need one NAL unit per packet; our packetizer uses FU-A and STAP-A, i.e. mode 1.
        if (fmtp?.Get("packetization-mode") != "1"
            || !H264ProfileLevelId.TryParse(fmtp.Get("profile-level-id") ?? DefaultH264ProfileLevelId, out var offered)
            || !offered.IsSameProfile(source))
        {
            return false;
        }

        // With level-asymmetry-allowed the offerer's level only limits what it sends, not what it receives (RFC 6184 §8.1).
        return fmtp.Get("level-asymmetry-allowed") == "1" || offered.LevelRank >= source.LevelRank;
    }

    private static bool H264CanDecode(SdpFmtp? fmtp, H264ProfileLevelId source, out H264ProfileLevelId offered)
    {
        offered = default;
        return fmtp?.Get("packetization-mode") == "1"
            && H264ProfileLevelId.TryParse(fmtp.Get("profile-level-id") ?? DefaultH264ProfileLevelId, out offered)
            && H264DecoderCapability.Decodes(offered.Profile, source.Profile)
            && (fmtp.Get("level-asymmetry-allowed") == "1" || offered.LevelRank >= source.LevelRank);
    }

    private static string? AnswerFormatParameters(WhepSourceTrack track, H264ProfileLevelId? answerProfile)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (IsH264(track))
        {
            values.Add(new("level-asymmetry-allowed", "1"));
            values.Add(new("packetization-mode", "1"));
            values.Add(new("profile-level-id", (answerProfile ?? SourceProfileLevelId(track)).ToString()));
        }
        else if (string.Equals(track.CodecName, "opus", StringComparison.OrdinalIgnoreCase))
        {
            values.Add(new("minptime", "10"));
            values.Add(new("useinbandfec", "1"));
            values.AddRange(track.Fmtp.Where(kv => !values.Any(v => string.Equals(v.Key, kv.Key, StringComparison.OrdinalIgnoreCase))));
        }
        else
        {
            values.AddRange(track.Fmtp);
        }

        return values.Count == 0 ? null : string.Join(';', values.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    private static string DescribeSource(WhepSourceTrack track)
        => track.Channels is { } channels
            ? $"{track.CodecName}/{SdpTokens.Format(track.ClockRate)}/{SdpTokens.Format(channels)}"
            : $"{track.CodecName}/{SdpTokens.Format(track.ClockRate)}";

    internal static string DescribeOffered(SdpMediaDescription offer)
    {
        var offered = new List<string>();
        foreach (var pt in offer.PayloadTypes)
        {
            var rtpMap = offer.Attributes.GetRtpMap(pt);
            if (rtpMap is null || NonCodecs.Contains(rtpMap.EncodingName))
            {
                continue;
            }

            var description = rtpMap.EncodingName;
            if (string.Equals(description, "H264", StringComparison.OrdinalIgnoreCase))
            {
                var fmtp = offer.Attributes.GetFmtp(pt);
                var profile = fmtp?.Get("profile-level-id") ?? DefaultH264ProfileLevelId;
                description = $"H264 {profile.ToLowerInvariant()} mode {fmtp?.Get("packetization-mode") ?? "0"}";
            }

            if (!offered.Contains(description, StringComparer.OrdinalIgnoreCase))
            {
                offered.Add(description);
            }
        }

        return offered.Count == 0 ? "nothing usable" : string.Join(", ", offered);
    }
}

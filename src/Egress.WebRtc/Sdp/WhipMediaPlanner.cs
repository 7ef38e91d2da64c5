namespace Egress.WebRtc.Sdp;

/// <summary>Decides, per offered m-line, whether a WHIP answer takes it (at most one audio, one video) and with which codec.</summary>
internal static class WhipMediaPlanner
{
    public static List<WhipMediaPlan> Plan(SdpSessionDescription offer, WhipAnswerOptions options, SdpGroup? bundle)
    {
        var plans = new List<WhipMediaPlan>(offer.Media.Count);
        var taken = new Dictionary<SdpMediaKind, WhipMediaPlan>();
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var plan = new WhipMediaPlan(i, offer.Media[i]);
            plans.Add(plan);
            plan.RejectionReason = RejectionReason(plan.Offer, bundle, out var kind);
            if (plan.RejectionReason is not null)
            {
                continue;
            }

            plan.Kind = kind;
            if (taken.TryGetValue(kind, out var first))
            {
                // A stream has one audio and one video track; a second camera has nowhere to go.
                plan.RejectionReason = $"only one {Describe(kind)} m-line is taken and {DescribeLine(first)} already is";
                continue;
            }

            if (!WhipCodecSelector.TrySelect(plan.Offer, kind, options.PreferredVideoCodecs, out var codec, out var failure))
            {
                plan.RejectionReason = failure;
                continue;
            }

            plan.Codec = codec;
            taken[kind] = plan;
        }

        KeepBundleTagAlive(plans, bundle);
        return plans;
    }

    /// <summary>True for an audio/video line that would carry media from the publisher (what a WHIP offer must have).</summary>
    public static bool Sends(SdpMediaDescription media)
        => IsAudioOrVideo(media) && !media.IsRejected && media.Direction is SdpDirection.SendOnly or SdpDirection.SendRecv;

    /// <summary>True for an audio/video line that only receives, as in a WHEP offer.</summary>
    public static bool OnlyReceives(SdpMediaDescription media)
        => IsAudioOrVideo(media) && !media.IsRejected && media.Direction == SdpDirection.RecvOnly;

    public static string DescribeLine(WhipMediaPlan plan)
        => plan.Offer.Mid is { } mid ? $"{plan.Offer.Media} mid {mid}" : $"{plan.Offer.Media} m-line {plan.Index}";

    private static void KeepBundleTagAlive(List<WhipMediaPlan> plans, SdpGroup? bundle)
    {
        // The offerer's BUNDLE transport lives on its tagged (first) m-line; rejecting that line while accepting
        // others makes Chrome fail with "Failed to setup RTCP mux" (as the WHEP answer found). Keep it open as inactive.
        var tagged = bundle?.Mids.Count > 0 ? plans.FirstOrDefault(p => p.Offer.Mid == bundle.Mids[0]) : null;
        if (tagged is null || tagged.Accepted || !plans.Any(p => p.Accepted))
        {
            return;
        }

        if (!IsRtp(tagged.Offer) || tagged.Offer.IsRejected)
        {
            throw new SdpNegotiationException(
                $"offer's BUNDLE-tagged m-line ({DescribeLine(tagged)}) cannot be accepted ({tagged.RejectionReason}), "
                + "and rejecting it would tear down the shared transport; add the media transceivers before any data channel");
        }

        tagged.Inactive = true;
        tagged.RejectionReason = $"inactive: {tagged.RejectionReason}; kept open because it carries the BUNDLE transport";
    }

    private static bool IsAudioOrVideo(SdpMediaDescription media) => media.Media is "audio" or "video";

    private static bool IsRtp(SdpMediaDescription media)
        => IsAudioOrVideo(media) && media.Protocol.EndsWith("RTP/SAVPF", StringComparison.OrdinalIgnoreCase);

    private static string Describe(SdpMediaKind kind) => kind == SdpMediaKind.Audio ? "audio" : "video";

    private static string? RejectionReason(SdpMediaDescription media, SdpGroup? bundle, out SdpMediaKind kind)
    {
        kind = media.Media == "audio" ? SdpMediaKind.Audio : SdpMediaKind.Video;
        if (!IsAudioOrVideo(media))
        {
            return $"media type '{media.Media}' is not ingested";
        }

        if (media.IsRejected)
        {
            return "rejected in the offer (port 0)";
        }

        if (!IsRtp(media))
        {
            return $"unsupported transport protocol '{media.Protocol}'";
        }

        if (media.Direction is SdpDirection.RecvOnly or SdpDirection.Inactive)
        {
            return $"offer direction is {SdpTokens.FormatDirection(media.Direction)}; a WHIP publisher must send";
        }

        if (bundle is not null && (media.Mid is null || !bundle.Mids.Contains(media.Mid)))
        {
            return "not in the offer's BUNDLE group";
        }

        return null;
    }
}

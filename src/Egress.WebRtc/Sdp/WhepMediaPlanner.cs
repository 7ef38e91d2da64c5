namespace Egress.WebRtc.Sdp;

/// <summary>Decides, per offered m-line, which source track goes where and which lines are rejected.</summary>
internal static class WhepMediaPlanner
{
    public static List<WhepMediaPlan> Plan(SdpSessionDescription offer, IReadOnlyList<WhepSourceTrack> tracks, SdpGroup? bundle)
    {
        var unassigned = tracks.ToList();
        var plans = new List<WhepMediaPlan>(offer.Media.Count);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var plan = new WhepMediaPlan(i, offer.Media[i]);
            plans.Add(plan);
            plan.RejectionReason = RejectionReason(plan.Offer, bundle, out var kind);
            if (plan.RejectionReason is not null)
            {
                continue;
            }

            var track = unassigned.FirstOrDefault(t => t.Kind == kind);
            if (track is null)
            {
                plan.RejectionReason = $"this stream has no {kind.ToString().ToLowerInvariant()} track to send";
                continue;
            }

            if (!WhepCodecSelector.TrySelect(plan.Offer, track, out var codec, out var failure))
            {
                // Silently dropping the video would leave the viewer with a black screen and no hint why.
                throw new SdpNegotiationException(failure);
            }

            unassigned.Remove(track);
            plan.Track = track;
            plan.Codec = codec;
        }

        KeepBundleTagAlive(plans, bundle);
        return plans;
    }

    private static void KeepBundleTagAlive(List<WhepMediaPlan> plans, SdpGroup? bundle)
    {
        // The offerer's BUNDLE transport lives on its tagged (first) m-line; rejecting that line while accepting
        // others makes Chrome fail with "Failed to setup RTCP mux". Keep it open as inactive instead.
        var tagged = bundle?.Mids.Count > 0 ? plans.FirstOrDefault(p => p.Offer.Mid == bundle.Mids[0]) : null;
        if (tagged is null || tagged.Track is not null || !plans.Any(p => p.Track is not null))
        {
            return;
        }

        if (!IsRtp(tagged.Offer) || tagged.Offer.IsRejected)
        {
            throw new SdpNegotiationException(
                $"offer's BUNDLE-tagged m-line (mid {tagged.Offer.Mid}, {tagged.Offer.Media}) cannot be accepted ({tagged.RejectionReason}), "
                + "and rejecting it would tear down the shared transport; put the media transceivers first");
        }

        tagged.Inactive = true;
        tagged.RejectionReason = $"inactive: {tagged.RejectionReason}; kept open because it carries the BUNDLE transport";
    }

    private static bool IsRtp(SdpMediaDescription media)
        => media.Media is "audio" or "video" && media.Protocol.EndsWith("RTP/SAVPF", StringComparison.OrdinalIgnoreCase);

    private static string? RejectionReason(SdpMediaDescription media, SdpGroup? bundle, out SdpMediaKind kind)
    {
        kind = default;
        if (media.Media == "audio")
        {
            kind = SdpMediaKind.Audio;
        }
        else if (media.Media == "video")
        {
            kind = SdpMediaKind.Video;
        }
        else
        {
            return $"unsupported media type '{media.Media}'";
        }

        if (media.IsRejected)
        {
            return "rejected in the offer (port 0)";
        }

        if (!media.Protocol.EndsWith("RTP/SAVPF", StringComparison.OrdinalIgnoreCase))
        {
            return $"unsupported transport protocol '{media.Protocol}'";
        }

        if (media.Direction is SdpDirection.SendOnly or SdpDirection.Inactive)
        {
            return $"offer direction is {SdpTokens.FormatDirection(media.Direction)}; this server only sends";
        }

        if (bundle is not null && (media.Mid is null || !bundle.Mids.Contains(media.Mid)))
        {
            return "not in the offer's BUNDLE group";
        }

        return null;
    }
}

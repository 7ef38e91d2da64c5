namespace Egress.WebRtc.Sdp;

/// <summary>Intersects offered header extensions and RTCP feedback with what the egress path implements.</summary>
internal static class WhepRtpFeatures
{
    private static readonly string[] SupportedExtensions =
        [RtpHeaderExtensionUris.SdesMid, RtpHeaderExtensionUris.TransportWideCc, RtpHeaderExtensionUris.AbsSendTime];

    private static readonly (string Type, string? Parameter)[] VideoFeedback =
        [("nack", null), ("nack", "pli"), ("ccm", "fir"), ("transport-cc", null)];

    private static readonly (string Type, string? Parameter)[] AudioFeedback = [("transport-cc", null)];

    /// <summary>Accepted extmaps with the offer's ids (RFC 8285 §6: the answer must reuse them).</summary>
    public static List<SdpExtmap> NegotiateExtensions(SdpMediaDescription media, SdpSessionDescription offer, bool playoutDelay = false)
    {
        var offered = media.Attributes.GetExtmaps().ToList();
        if (offered.Count == 0)
        {
            offered = [.. offer.Attributes.GetExtmaps()];
        }

        var accepted = new List<SdpExtmap>();
        foreach (var extmap in offered)
        {
            // We only send; an extension the offerer will only send itself (or never) is of no use to us.
            bool supported = SupportedExtensions.Contains(extmap.Uri, StringComparer.Ordinal)
                || (playoutDelay && extmap.Uri == RtpHeaderExtensionUris.PlayoutDelay);
            if (!supported
                || extmap.Direction is SdpDirection.SendOnly or SdpDirection.Inactive
                || accepted.Any(e => e.Uri == extmap.Uri || e.Id == extmap.Id))
            {
                continue;
            }

            var direction = extmap.Direction is { } d ? SdpTokens.Reverse(d) : (SdpDirection?)null;
            accepted.Add(new SdpExtmap(extmap.Id, direction, extmap.Uri));
        }

        return accepted;
    }

    /// <summary>Feedback we answer for the chosen payload type; transport-cc needs the transport-wide-cc extension too.</summary>
    public static List<SdpRtcpFeedback> NegotiateFeedback(SdpMediaDescription media, int payloadType, SdpMediaKind kind, bool transportWideCc, bool nack = true)
    {
        var supported = kind == SdpMediaKind.Video ? VideoFeedback : AudioFeedback;
        var accepted = new List<SdpRtcpFeedback>();
        foreach (var (type, parameter) in supported)
        {
            if ((type == "transport-cc" && !transportWideCc) || (type == "nack" && parameter is null && !nack))
            {
                continue;
            }

            if (media.Attributes.GetRtcpFeedbacks(payloadType).Any(f => f.Is(type, parameter)))
            {
                accepted.Add(new SdpRtcpFeedback(payloadType, type, parameter));
            }
        }

        return accepted;
    }
}

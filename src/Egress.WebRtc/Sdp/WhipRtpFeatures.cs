namespace Egress.WebRtc.Sdp;

/// <summary>Intersects a WHIP offer's header extensions and RTCP feedback with what the ingest path reads and sends.</summary>
internal static class WhipRtpFeatures
{
    private static readonly string[] KeptExtensions =
    [
        RtpHeaderExtensionUris.SdesMid,
        RtpHeaderExtensionUris.SdesRtpStreamId,
        RtpHeaderExtensionUris.SdesRepairedRtpStreamId,
        RtpHeaderExtensionUris.TransportWideCc,
        RtpHeaderExtensionUris.AbsSendTime,
    ];

    /// <summary>Accepted extmaps with the offer's ids (RFC 8285 §6: the answer must reuse them).</summary>
    public static List<SdpExtmap> NegotiateExtensions(SdpMediaDescription media, SdpSessionDescription offer)
    {
        var offered = media.Attributes.GetExtmaps().ToList();
        if (offered.Count == 0)
        {
            offered = [.. offer.Attributes.GetExtmaps()];
        }

        var accepted = new List<SdpExtmap>();
        foreach (var extmap in offered)
        {
            // We only receive; an extension the offerer will only receive (or never use) tells us nothing.
            if (!KeptExtensions.Contains(extmap.Uri, StringComparer.Ordinal)
                || extmap.Direction is SdpDirection.RecvOnly or SdpDirection.Inactive
                || accepted.Any(e => e.Uri == extmap.Uri || e.Id == extmap.Id))
            {
                continue;
            }

            var direction = extmap.Direction is { } d ? SdpTokens.Reverse(d) : (SdpDirection?)null;
            accepted.Add(new SdpExtmap(extmap.Id, direction, extmap.Uri));
        }

        return accepted;
    }

    /// <summary>Feedback answered for the chosen payload type, as a=rtcp-fb lines and as flags.</summary>
    public static (List<SdpRtcpFeedback> Lines, WhipRtcpFeedback Flags) NegotiateFeedback(SdpMediaDescription media, int payloadType, bool transportWideCc)
    {
        var offered = media.Attributes.GetRtcpFeedbacks(payloadType).ToList();
        var lines = new List<SdpRtcpFeedback>();
        var flags = WhipRtcpFeedback.None;
        void Take(string type, string? parameter, WhipRtcpFeedback flag)
        {
            if (offered.Any(f => f.Is(type, parameter)))
            {
                lines.Add(new SdpRtcpFeedback(payloadType, type, parameter));
                flags |= flag;
            }
        }

        Take("nack", null, WhipRtcpFeedback.Nack);
        Take("nack", "pli", WhipRtcpFeedback.Pli);
        Take("ccm", "fir", WhipRtcpFeedback.Fir);

        // transport-cc feedback counts the transport-wide sequence numbers; without the extension there are none
        // (GStreamer's webrtcbin offers the feedback without the extension).
        if (transportWideCc)
        {
            Take("transport-cc", null, WhipRtcpFeedback.TransportCc);
        }

        // REMB is the older estimate; with transport-cc the sender estimates itself and two estimates would fight.
        if ((flags & WhipRtcpFeedback.TransportCc) == 0)
        {
            Take("goog-remb", null, WhipRtcpFeedback.GoogRemb);
        }

        return (lines, flags);
    }
}

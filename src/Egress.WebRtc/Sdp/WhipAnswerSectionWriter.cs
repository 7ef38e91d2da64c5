namespace Egress.WebRtc.Sdp;

/// <summary>Writes a WHIP answer's m= sections (recvonly, rejected, or inactive for BUNDLE) and reports what was agreed.</summary>
internal static class WhipAnswerSectionWriter
{
    public static SdpMediaDescription Rejected(WhipMediaPlan plan, WhipAnswerOptions options)
    {
        // RFC 3264 §6 / JSEP §5.3.1: a rejected section keeps media, proto and formats, with port 0. The transport
        // attributes are redundant there, but GStreamer's webrtcbin (1.22) refuses answers whose m-lines lack them.
        var section = new SdpMediaDescription(plan.Offer.Media, 0, plan.Offer.Protocol, plan.Offer.Formats);
        section.Connections.Add(new SdpConnection("IN", "IP4", "0.0.0.0"));
        SdpAnswerTransport.AddTransportAttributes(section, plan.Offer.Mid, options.IceUfrag, options.IcePwd, options.Fingerprint);
        return section;
    }

    public static SdpMediaDescription Inactive(WhipMediaPlan plan, WhipAnswerOptions options, bool carriesCandidates)
    {
        // Any offered codec will do for a section that never carries media; echo the first one verbatim.
        var codec = plan.Offer.PayloadTypes.Select(pt => plan.Offer.Attributes.GetRtpMap(pt)).FirstOrDefault(map => map is not null);
        var format = codec is null ? plan.Offer.Formats[0] : SdpTokens.Format(codec.PayloadType);
        var section = new SdpMediaDescription(plan.Offer.Media, 0, plan.Offer.Protocol, [format]);
        SdpAnswerTransport.UseDefaultAddress(section, options.Candidates);
        SdpAnswerTransport.AddTransportAttributes(section, plan.Offer.Mid, options.IceUfrag, options.IcePwd, options.Fingerprint);
        var a = section.Attributes;
        a.Add(SdpAttributeNames.Inactive);
        a.Add(SdpAttributeNames.RtcpMux);
        if (codec is not null)
        {
            a.Add(codec.ToAttribute());
            if (plan.Offer.Attributes.GetFmtp(codec.PayloadType) is { } fmtp)
            {
                a.Add(fmtp.ToAttribute());
            }
        }

        if (carriesCandidates)
        {
            SdpAnswerTransport.AddCandidates(section, options.Candidates);
        }

        return section;
    }

    public static (SdpMediaDescription Section, WhipReceivedMedia Result) Accepted(
        WhipMediaPlan plan, SdpSessionDescription offer, WhipAnswerOptions options, bool carriesCandidates)
    {
        var codec = plan.Codec!;
        var pt = codec.RtpMap.PayloadType;
        var extensions = WhipRtpFeatures.NegotiateExtensions(plan.Offer, offer);
        var twcc = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.TransportWideCc);
        var rid = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.SdesRtpStreamId);
        var (feedback, flags) = WhipRtpFeatures.NegotiateFeedback(plan.Offer, pt, twcc is not null);

        // Without the rid header extension the layers cannot be told apart (Chromium declares no SSRCs for them), so
        // leave simulcast out of the answer and let the publisher fall back to one encoding.
        var simulcast = plan.Kind == SdpMediaKind.Video && rid is not null ? WhipSimulcast.Read(plan.Offer) : null;

        var formats = codec.Rtx is { } rtx ? new[] { SdpTokens.Format(pt), SdpTokens.Format(rtx.PayloadType) } : [SdpTokens.Format(pt)];
        var section = new SdpMediaDescription(plan.Offer.Media, 0, plan.Offer.Protocol, formats);
        SdpAnswerTransport.UseDefaultAddress(section, options.Candidates);
        SdpAnswerTransport.AddTransportAttributes(section, plan.Offer.Mid, options.IceUfrag, options.IcePwd, options.Fingerprint);
        var a = section.Attributes;
        extensions.ForEach(e => a.Add(e.ToAttribute()));
        a.Add(SdpAttributeNames.RecvOnly);
        a.Add(SdpAttributeNames.RtcpMux);
        if (plan.Offer.Attributes.RtcpRsize)
        {
            a.Add(SdpAttributeNames.RtcpRsize);
        }

        a.Add(codec.RtpMap.ToAttribute());
        feedback.ForEach(f => a.Add(f.ToAttribute()));
        if (codec.AnswerFormatParameters is { } parameters)
        {
            a.Add(new SdpFmtp(SdpTokens.Format(pt), parameters).ToAttribute());
        }

        if (codec.Rtx is not null)
        {
            a.Add(codec.Rtx.ToAttribute());
            a.Add(new SdpFmtp(SdpTokens.Format(codec.Rtx.PayloadType), $"apt={SdpTokens.Format(pt)}").ToAttribute());
        }

        foreach (var attribute in simulcast?.ToAnswerAttributes() ?? [])
        {
            a.Add(attribute);
        }

        if (carriesCandidates)
        {
            SdpAnswerTransport.AddCandidates(section, options.Candidates);
        }

        var result = new WhipReceivedMedia
        {
            Kind = plan.Kind,
            Mid = plan.Offer.Mid,
            Index = plan.Index,
            PayloadType = pt,
            CodecName = codec.RtpMap.EncodingName,
            ClockRate = codec.RtpMap.ClockRate,
            Channels = codec.RtpMap.Channels,
            FormatParameters = codec.OfferedFormatParameters?.Values ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            RtxPayloadType = codec.Rtx?.PayloadType,
            Feedback = flags,
            MidExtensionId = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.SdesMid),
            RidExtensionId = rid,
            RepairedRidExtensionId = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.SdesRepairedRtpStreamId),
            TransportWideCcExtensionId = twcc,
            AbsSendTimeExtensionId = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.AbsSendTime),
            Rids = simulcast?.Rids ?? [],
            Ssrcs = [.. plan.Offer.Attributes.GetSsrcs().Select(s => s.Ssrc).Distinct()],
            RtxSsrcs = RtxSsrcs(plan.Offer),
        };
        return (section, result);
    }

    private static Dictionary<uint, uint> RtxSsrcs(SdpMediaDescription offer)
    {
        // RFC 5576 §4.2 / RFC 4588 §8.1: "FID <media> <rtx>" pairs a stream with its retransmissions.
        var pairs = new Dictionary<uint, uint>();
        foreach (var group in offer.Attributes.GetSsrcGroups())
        {
            if (group.Semantics == "FID" && group.Ssrcs.Count == 2)
            {
                pairs.TryAdd(group.Ssrcs[0], group.Ssrcs[1]);
            }
        }

        return pairs;
    }
}

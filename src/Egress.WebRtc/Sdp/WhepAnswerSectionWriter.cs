namespace Egress.WebRtc.Sdp;

/// <summary>Writes the answer's m= sections, accepted or rejected, and reports what was negotiated.</summary>
internal static class WhepAnswerSectionWriter
{
    public static (SdpMediaDescription Section, WhepNegotiatedMedia Result) Rejected(WhepMediaPlan plan, WhepAnswerOptions options)
    {
        // RFC 3264 §6 / JSEP §5.3.1: a rejected section keeps media, proto and formats, with port 0. The transport
        // attributes are redundant there, but GStreamer's webrtcbin (1.22) refuses answers whose m-lines lack them.
        var section = new SdpMediaDescription(plan.Offer.Media, 0, plan.Offer.Protocol, plan.Offer.Formats);
        section.Connections.Add(new SdpConnection("IN", "IP4", "0.0.0.0"));
        AddTransportAttributes(section, plan, options);

        return (section, Outcome(plan, accepted: false));
    }

    public static (SdpMediaDescription Section, WhepNegotiatedMedia Result) Inactive(WhepMediaPlan plan, WhepAnswerOptions options, bool carriesCandidates)
    {
        // Any offered codec will do for a section that never carries media; echo the first real one verbatim.
        var codec = plan.Offer.Attributes.GetRtpMaps()
            .Where(map => !IsRepairFormat(map))
            .OrderBy(map => plan.Offer.Formats.IndexOf(SdpTokens.Format(map.PayloadType)))
            .FirstOrDefault();
        var format = codec is null ? plan.Offer.Formats[0] : SdpTokens.Format(codec.PayloadType);
        var section = new SdpMediaDescription(plan.Offer.Media, 0, plan.Offer.Protocol, [format]);
        UseDefaultAddress(section, options);
        AddTransportAttributes(section, plan, options);
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

        AddCandidates(section, options, carriesCandidates);
        return (section, Outcome(plan, accepted: true));
    }

    public static (SdpMediaDescription Section, WhepNegotiatedMedia Result) Accepted(
        WhepMediaPlan plan, SdpSessionDescription offer, WhepAnswerOptions options, bool carriesCandidates)
    {
        var track = plan.Track!;
        var codec = plan.Codec!;
        var pt = codec.RtpMap.PayloadType;
        var extensions = WhepRtpFeatures.NegotiateExtensions(plan.Offer, offer, playoutDelay: options.PlayoutDelay is not null && track.Kind == SdpMediaKind.Video);
        var twcc = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.TransportWideCc);
        var feedback = WhepRtpFeatures.NegotiateFeedback(plan.Offer, pt, track.Kind, twcc is not null, options.Nack);
        bool nack = feedback.Any(f => f.Is("nack"));

        // Decided before the m= line is written, since its format list names the RTX payload type. RTX only makes
        // sense with NACK: it is how the viewer asks for what RTX carries.
        var rtx = track.RtxSsrc is null || !nack ? null : SdpAnswerTransport.OfferedRtx(plan.Offer, pt);
        var section = new SdpMediaDescription(
            plan.Offer.Media, 0, plan.Offer.Protocol, rtx is null ? [SdpTokens.Format(pt)] : [SdpTokens.Format(pt), SdpTokens.Format(rtx.PayloadType)]);
        UseDefaultAddress(section, options);
        AddTransportAttributes(section, plan, options);
        var a = section.Attributes;
        extensions.ForEach(e => a.Add(e.ToAttribute()));
        a.Add(SdpAttributeNames.SendOnly);
        a.Add(new SdpMsid(track.StreamId, track.TrackId).ToAttribute());
        a.Add(SdpAttributeNames.RtcpMux);
        if (plan.Offer.Attributes.RtcpRsize)
        {
            a.Add(SdpAttributeNames.RtcpRsize);
        }

        a.Add(codec.RtpMap.ToAttribute());
        feedback.ForEach(f => a.Add(f.ToAttribute()));
        if (codec.FormatParameters is { } parameters)
        {
            a.Add(new SdpFmtp(SdpTokens.Format(pt), parameters).ToAttribute());
        }

        if (rtx is not null)
        {
            a.Add(rtx.ToAttribute());
            a.Add(new SdpFmtp(SdpTokens.Format(rtx.PayloadType), $"apt={pt}").ToAttribute());
            a.Add(new SdpSsrcGroup("FID", [track.Ssrc, track.RtxSsrc!.Value]).ToAttribute());
        }

        a.Add(new SdpSsrc(track.Ssrc, "cname", track.CName).ToAttribute());
        a.Add(new SdpSsrc(track.Ssrc, "msid", $"{track.StreamId} {track.TrackId}").ToAttribute());
        if (rtx is not null)
        {
            a.Add(new SdpSsrc(track.RtxSsrc!.Value, "cname", track.CName).ToAttribute());
            a.Add(new SdpSsrc(track.RtxSsrc!.Value, "msid", $"{track.StreamId} {track.TrackId}").ToAttribute());
        }
        AddCandidates(section, options, carriesCandidates);
        var result = Outcome(plan, accepted: true) with
        {
            Track = track,
            PayloadType = pt,
            Codec = codec.RtpMap,
            FormatParameters = codec.FormatParameters,
            MidExtensionId = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.SdesMid),
            TransportWideCcExtensionId = twcc,
            AbsSendTimeExtensionId = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.AbsSendTime),
            PlayoutDelayExtensionId = SdpAnswerTransport.ExtensionId(extensions, RtpHeaderExtensionUris.PlayoutDelay),
            RtxPayloadType = rtx?.PayloadType,
            Nack = nack,
            NackPli = feedback.Any(f => f.Is("nack", "pli")),
            CcmFir = feedback.Any(f => f.Is("ccm", "fir")),
            TransportCc = feedback.Any(f => f.Is("transport-cc")),
        };
        return (section, result);
    }

    private static WhepNegotiatedMedia Outcome(WhepMediaPlan plan, bool accepted) => new()
    {
        Index = plan.Index,
        Mid = plan.Offer.Mid,
        Media = plan.Offer.Media,
        Accepted = accepted,
        RejectionReason = plan.RejectionReason,
    };

    private static void UseDefaultAddress(SdpMediaDescription section, WhepAnswerOptions options)
        => SdpAnswerTransport.UseDefaultAddress(section, options.Candidates);

    private static void AddTransportAttributes(SdpMediaDescription section, WhepMediaPlan plan, WhepAnswerOptions options)
        => SdpAnswerTransport.AddTransportAttributes(section, plan.Offer.Mid, options.IceUfrag, options.IcePwd, options.Fingerprint);

    private static void AddCandidates(SdpMediaDescription section, WhepAnswerOptions options, bool carriesCandidates)
    {
        if (carriesCandidates)
        {
            SdpAnswerTransport.AddCandidates(section, options.Candidates);
        }
    }

    private static bool IsRepairFormat(SdpRtpMap map)
        => map.EncodingName.ToLowerInvariant() is "rtx" or "red" or "ulpfec" or "flexfec-03";
}

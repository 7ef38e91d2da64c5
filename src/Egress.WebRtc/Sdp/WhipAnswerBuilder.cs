using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Egress.WebRtc.Sdp;

/// <summary>Answers a WHIP publisher's offer (RFC 9725): ICE-lite, DTLS passive, BUNDLE, recvonly, one audio and one video line at most.</summary>
public static class WhipAnswerBuilder
{
    /// <summary>Parses <paramref name="offerSdp"/> and answers it.</summary>
    /// <exception cref="SdpParseException">The offer is not valid SDP (answer 400).</exception>
    /// <exception cref="SdpNegotiationException">The offer cannot be answered; its status (400 or 406) and message say why.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is inconsistent.</exception>
    public static WhipAnswer Build(string offerSdp, WhipAnswerOptions options)
        => Build(SdpSessionDescription.Parse(offerSdp), options);

    /// <summary>Answers a parsed offer: one answer m-line per offer m-line, same order and mids.</summary>
    /// <exception cref="SdpNegotiationException">The offer cannot be answered; its status (400 or 406) and message say why.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is inconsistent.</exception>
    public static WhipAnswer Build(SdpSessionDescription offer, WhipAnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        WhipOptionsValidator.Validate(options);

        var bundle = offer.GetBundleGroup();
        var plans = WhipMediaPlanner.Plan(offer, options, bundle);
        if (!plans.Any(p => p.Accepted))
        {
            throw NothingAccepted(offer, plans, options);
        }

        var kept = plans.Where(p => p.KeepsPort).ToList();
        if (bundle is null && kept.Count > 1)
        {
            throw new SdpNegotiationException(
                "offer is not BUNDLE-able: it has no a=group:BUNDLE but needs several media sections; use bundlePolicy max-bundle");
        }

        // RFC 8843 §7.3: accepted mids in the offer's group order; the first becomes the answerer-tagged section.
        List<string> bundleMids = bundle is null ? [] : [.. bundle.Mids.Where(mid => kept.Any(p => p.Offer.Mid == mid))];
        var tagged = bundle is null ? kept[0] : kept.First(p => p.Offer.Mid == bundleMids[0]);
        var transport = WhepOfferTransport.Resolve(offer, tagged.Offer, kept.Select(p => p.Offer));

        var answer = NewSession(options, bundle is null ? null : new SdpGroup(SdpGroup.Bundle, bundleMids));
        var received = new List<WhipReceivedMedia>();
        var rejected = new List<WhipRejectedMedia>();
        foreach (var plan in plans)
        {
            var carriesCandidates = ReferenceEquals(plan, tagged);
            if (plan.Accepted)
            {
                var (section, result) = WhipAnswerSectionWriter.Accepted(plan, offer, options, carriesCandidates);
                answer.Media.Add(section);
                received.Add(result);
                continue;
            }

            answer.Media.Add(plan.Inactive ? WhipAnswerSectionWriter.Inactive(plan, options, carriesCandidates) : WhipAnswerSectionWriter.Rejected(plan, options));
            rejected.Add(new WhipRejectedMedia
            {
                Index = plan.Index,
                Mid = plan.Offer.Mid,
                Media = plan.Offer.Media,
                KeptForBundle = plan.Inactive,
                Reason = plan.RejectionReason ?? "not taken",
            });
        }

        return new WhipAnswer
        {
            Sdp = answer.ToString(),
            Description = answer,
            Media = received,
            Rejected = rejected,
            BundleMids = bundleMids,
            RemoteIceUfrag = transport.IceUfrag,
            RemoteIcePwd = transport.IcePwd,
            RemoteFingerprints = transport.Fingerprints,
            RemoteSetup = transport.Setup,
        };
    }

    private static SdpNegotiationException NothingAccepted(SdpSessionDescription offer, List<WhipMediaPlan> plans, WhipAnswerOptions options)
    {
        var takes = WhipCodecSelector.DescribeAccepted(options.PreferredVideoCodecs);
        var details = plans.Count == 0 ? "it has no media sections" : string.Join("; ", plans.Select(p => $"{WhipMediaPlanner.DescribeLine(p)}: {p.RejectionReason}"));

        // A WHEP-style offer posted to the WHIP endpoint is the client's mistake, not a codec mismatch.
        if (!offer.Media.Any(WhipMediaPlanner.Sends) && offer.Media.Any(WhipMediaPlanner.OnlyReceives))
        {
            return new SdpNegotiationException(
                $"WHIP offers must send media, but every audio/video m-line of this one only receives (a WHEP offer?); this server takes {takes} ({details})",
                400);
        }

        return new SdpNegotiationException($"offer has no media this server can ingest; it takes {takes} ({details})", 406);
    }

    private static SdpSessionDescription NewSession(WhipAnswerOptions options, SdpGroup? bundle)
    {
        // JSEP §5.2.1: a 64-bit random session id with the top bit clear.
        var sessionId = options.SessionId ?? (BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)) >> 1);
        var session = new SdpSessionDescription
        {
            Origin = new SdpOrigin("-", SdpTokens.Format(sessionId), "1", "IN", "IP4", "127.0.0.1"),
        };
        session.Timings.Add(new SdpTiming(0, 0));
        var a = session.Attributes;
        a.Add(SdpAttributeNames.IceLite);

        // Also repeated on every m-line (webrtcbin 1.22 reads them there); session level covers parsers that look here.
        a.Add(SdpAttributeNames.IceUfrag, options.IceUfrag);
        a.Add(SdpAttributeNames.IcePwd, options.IcePwd);
        a.Add(options.Fingerprint.ToAttribute());
        a.Add(SdpAttributeNames.Setup, SdpTokens.FormatSetup(SdpSetupRole.Passive));
        if (bundle is not null)
        {
            a.Add(bundle.ToAttribute());
        }

        return session;
    }
}

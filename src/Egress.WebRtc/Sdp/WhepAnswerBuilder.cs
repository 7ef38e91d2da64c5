using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Egress.WebRtc.Sdp;

/// <summary>Answers a browser's WHEP offer (JSEP answerer, ICE-lite, DTLS passive, BUNDLE, sendonly).</summary>
public static class WhepAnswerBuilder
{
    /// <summary>Parses <paramref name="offerSdp"/> and answers it.</summary>
    /// <exception cref="SdpParseException">The offer is not valid SDP.</exception>
    /// <exception cref="SdpNegotiationException">The offer cannot be answered; the message says why.</exception>
    public static WhepAnswer Build(string offerSdp, WhepAnswerOptions options)
        => Build(SdpSessionDescription.Parse(offerSdp), options);

    /// <summary>Answers a parsed offer: one answer m-line per offer m-line, same order and mids.</summary>
    /// <exception cref="SdpNegotiationException">The offer cannot be answered; the message says why.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is inconsistent.</exception>
    public static WhepAnswer Build(SdpSessionDescription offer, WhepAnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        WhepOptionsValidator.Validate(options);
        if (offer.Media.Count == 0)
        {
            throw new SdpNegotiationException("offer has no media sections");
        }

        var bundle = offer.GetBundleGroup();
        var plans = WhepMediaPlanner.Plan(offer, options.Tracks, bundle);
        var accepted = plans.Where(p => p.KeepsPort).ToList();
        if (accepted.Count == 0)
        {
            var reasons = string.Join("; ", plans.Select(p => $"{p.Offer.Media}: {p.RejectionReason}"));
            throw new SdpNegotiationException($"offer has no media section this stream can be sent on ({reasons})");
        }

        if (bundle is null && accepted.Count > 1)
        {
            throw new SdpNegotiationException(
                "offer is not BUNDLE-able: it has no a=group:BUNDLE but needs several media sections; use bundlePolicy max-bundle");
        }

        // RFC 8843 §7.3: accepted mids in the offer's group order; the first becomes the answerer-tagged section.
        List<string> bundleMids = bundle is null ? [] : [.. bundle.Mids.Where(mid => accepted.Any(p => p.Offer.Mid == mid))];
        var tagged = bundle is null ? accepted[0] : accepted.First(p => p.Offer.Mid == bundleMids[0]);
        var transport = WhepOfferTransport.Resolve(offer, tagged.Offer, accepted.Select(p => p.Offer));

        var answer = NewSession(options, bundle is null ? null : new SdpGroup(SdpGroup.Bundle, bundleMids));
        var results = new List<WhepNegotiatedMedia>(plans.Count);
        foreach (var plan in plans)
        {
            var carriesCandidates = ReferenceEquals(plan, tagged);
            var (section, result) = plan.Track is not null ? WhepAnswerSectionWriter.Accepted(plan, offer, options, carriesCandidates)
                : plan.Inactive ? WhepAnswerSectionWriter.Inactive(plan, options, carriesCandidates)
                : WhepAnswerSectionWriter.Rejected(plan, options);
            answer.Media.Add(section);
            results.Add(result);
        }

        return new WhepAnswer
        {
            Sdp = answer.ToString(),
            Description = answer,
            Media = results,
            BundleMids = bundleMids,
            RemoteIceUfrag = transport.IceUfrag,
            RemoteIcePwd = transport.IcePwd,
            RemoteFingerprints = transport.Fingerprints,
            RemoteSetup = transport.Setup,
        };
    }

    private static SdpSessionDescription NewSession(WhepAnswerOptions options, SdpGroup? bundle)
    {
        // JSEP §5.2.1: a 64-bit random session id with the top bit clear.
        var sessionId = options.SessionId ?? (BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)) >> 1);
        var session = new SdpSessionDescription
        {
            Origin = new SdpOrigin("-", SdpTokens.Format(sessionId), "1", "IN", "IP4", "127.0.0.1"),
        };
        session.Timings.Add(new SdpTiming(0, 0));
        if (options.IceLite)
        {
            session.Attributes.Add(SdpAttributeNames.IceLite);
        }

        if (bundle is not null)
        {
            session.Attributes.Add(bundle.ToAttribute());
        }

        // Legacy, but older Chrome builds only honour a=msid when it is present.
        session.Attributes.Add(SdpAttributeNames.MsidSemantic, "WMS *");
        return session;
    }
}

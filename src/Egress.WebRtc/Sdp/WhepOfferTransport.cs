namespace Egress.WebRtc.Sdp;

/// <summary>The transport parameters of an offer, read from its BUNDLE-tagged m-line with session-level fallback.</summary>
internal sealed record WhepOfferTransport(string IceUfrag, string IcePwd, IReadOnlyList<SdpFingerprint> Fingerprints, SdpSetupRole Setup)
{
    public static WhepOfferTransport Resolve(SdpSessionDescription offer, SdpMediaDescription tagged, IEnumerable<SdpMediaDescription> accepted)
    {
        var ufrag = tagged.Attributes.IceUfrag ?? offer.Attributes.IceUfrag;
        var pwd = tagged.Attributes.IcePwd ?? offer.Attributes.IcePwd;
        if (string.IsNullOrWhiteSpace(ufrag) || string.IsNullOrWhiteSpace(pwd))
        {
            throw new SdpNegotiationException("offer has no ICE credentials (a=ice-ufrag and a=ice-pwd are required)", 400);
        }

        var fingerprints = tagged.Attributes.GetFingerprints().ToList();
        if (fingerprints.Count == 0)
        {
            fingerprints = [.. offer.Attributes.GetFingerprints()];
        }

        if (fingerprints.Count == 0)
        {
            throw new SdpNegotiationException("offer has no DTLS certificate fingerprint (a=fingerprint is required)", 400);
        }

        // RFC 8842 makes offers say actpass; an absent attribute is treated the same way.
        var setup = tagged.Attributes.Setup ?? offer.Attributes.Setup ?? SdpSetupRole.ActPass;
        if (setup is SdpSetupRole.Passive or SdpSetupRole.HoldConn)
        {
            throw new SdpNegotiationException(
                $"offer has a=setup:{SdpTokens.FormatSetup(setup)}; this server is always the DTLS server, so the offer must be actpass or active",
                400);
        }

        foreach (var media in accepted)
        {
            if (!media.Attributes.RtcpMux)
            {
                throw new SdpNegotiationException(
                    $"offer has no a=rtcp-mux on the {media.Media} m-line{DescribeMid(media)}; RTP and RTCP must share one port", 400);
            }
        }

        return new WhepOfferTransport(ufrag.Trim(), pwd.Trim(), fingerprints, setup);
    }

    private static string DescribeMid(SdpMediaDescription media) => media.Mid is { } mid ? $" (mid {mid})" : string.Empty;
}

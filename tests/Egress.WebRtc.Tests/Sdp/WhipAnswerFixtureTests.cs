using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Rules every answer to a real publisher's offer (Chromium, aiortc, GStreamer; see <see cref="WhipFixtures"/>) must keep.</summary>
public sealed class WhipAnswerFixtureTests
{
    private static readonly string[] KeptExtensions =
    [
        RtpHeaderExtensionUris.SdesMid, RtpHeaderExtensionUris.SdesRtpStreamId, RtpHeaderExtensionUris.SdesRepairedRtpStreamId,
        RtpHeaderExtensionUris.TransportWideCc, RtpHeaderExtensionUris.AbsSendTime,
    ];

    [Theory]
    [MemberData(nameof(WhipFixtures.All), MemberType = typeof(WhipFixtures))]
    public void Answer_ParsesAndRoundTrips(string fixture)
    {
        var answer = Build(fixture);

        var parsed = SdpSessionDescription.Parse(answer.Sdp);
        Assert.Equal(answer.Sdp, parsed.ToString());
        Assert.Equal(SdpSessionDescription.Parse(WhipFixtures.Load(fixture)).Media.Count, parsed.Media.Count);
    }

    [Theory]
    [MemberData(nameof(WhipFixtures.All), MemberType = typeof(WhipFixtures))]
    public void Answer_IsIceLiteDtlsPassiveWithOurCredentialsAtSessionAndMediaLevel(string fixture)
    {
        var answer = SdpSessionDescription.Parse(Build(fixture).Sdp);

        foreach (var attributes in answer.Media.Select(m => m.Attributes).Prepend(answer.Attributes))
        {
            Assert.Equal(WhepTestOptions.Ufrag, attributes.IceUfrag);
            Assert.Equal(WhepTestOptions.Pwd, attributes.IcePwd);
            Assert.Equal([WhepTestOptions.Fingerprint], attributes.GetFingerprints());
            Assert.Equal(SdpSetupRole.Passive, attributes.Setup);
        }

        Assert.True(answer.Attributes.IceLite);
        Assert.False(answer.Attributes.Has(SdpAttributeNames.MsidSemantic));
    }

    [Theory]
    [MemberData(nameof(WhipFixtures.All), MemberType = typeof(WhipFixtures))]
    public void AcceptedLines_AreRecvOnlyAndBundledExactly(string fixture)
    {
        var result = Build(fixture);
        var answer = SdpSessionDescription.Parse(result.Sdp);

        // All four publishers send one audio and one video line, so both are taken.
        Assert.Equal([SdpMediaKind.Audio, SdpMediaKind.Video], result.Media.Select(m => m.Kind).Order());
        Assert.Empty(result.Rejected);
        var mids = result.Media.Select(m => m.Mid!).ToList();
        Assert.Equal(mids, answer.GetBundleGroup()!.Mids);
        Assert.Equal(mids, result.BundleMids);
        foreach (var media in result.Media)
        {
            var section = answer.Media[media.Index];
            Assert.Equal(media.Mid, section.Mid);
            Assert.Equal(40000, section.Port);
            Assert.Equal(SdpDirection.RecvOnly, section.Attributes.Direction);
            Assert.Single(section.Attributes, a => a.Name is "sendrecv" or "sendonly" or "recvonly" or "inactive");
            Assert.True(section.Attributes.RtcpMux);
            Assert.DoesNotContain(section.Attributes, a => a.Name is "msid" or "ssrc" or "ssrc-group");
        }
    }

    [Theory]
    [MemberData(nameof(WhipFixtures.All), MemberType = typeof(WhipFixtures))]
    public void Candidates_AreOnlyOnTheFirstBundledLine(string fixture)
    {
        var answer = SdpSessionDescription.Parse(Build(fixture).Sdp);

        var first = answer.Media.Single(m => m.Mid == answer.GetBundleGroup()!.Mids[0]);
        Assert.Equal([WhepTestOptions.Host.ToString()], first.Attributes.GetCandidates().Select(c => c.ToString()));
        Assert.True(first.Attributes.EndOfCandidates);
        Assert.All(answer.Media.Where(m => m != first), m => Assert.Empty(m.Attributes.GetCandidates()));
        Assert.All(answer.Media, m => Assert.Equal("203.0.113.10", m.Connections.Single().Address));
    }

    [Theory]
    [MemberData(nameof(WhipFixtures.All), MemberType = typeof(WhipFixtures))]
    public void HeaderExtensions_AreExactlyTheKeptOnesWithTheOffersIds(string fixture)
    {
        var offer = SdpSessionDescription.Parse(WhipFixtures.Load(fixture));
        var result = Build(fixture);
        var answer = SdpSessionDescription.Parse(result.Sdp);

        foreach (var media in result.Media)
        {
            var expected = offer.Media[media.Index].Attributes.GetExtmaps()
                .Where(e => KeptExtensions.Contains(e.Uri))
                .Select(e => $"{e.Id} {e.Uri}");
            Assert.Equal(expected, answer.Media[media.Index].Attributes.GetValues(SdpAttributeNames.Extmap));
            int? Id(string uri) => answer.Media[media.Index].Attributes.GetExtmaps().FirstOrDefault(e => e.Uri == uri)?.Id;
            Assert.Equal(Id(RtpHeaderExtensionUris.SdesMid), media.MidExtensionId);
            Assert.Equal(Id(RtpHeaderExtensionUris.SdesRtpStreamId), media.RidExtensionId);
            Assert.Equal(Id(RtpHeaderExtensionUris.SdesRepairedRtpStreamId), media.RepairedRidExtensionId);
            Assert.Equal(Id(RtpHeaderExtensionUris.TransportWideCc), media.TransportWideCcExtensionId);
            Assert.Equal(Id(RtpHeaderExtensionUris.AbsSendTime), media.AbsSendTimeExtensionId);
        }
    }

    [Theory]
    [MemberData(nameof(WhipFixtures.All), MemberType = typeof(WhipFixtures))]
    public void ReportedMedia_MatchesTheAnswerSections(string fixture)
    {
        var result = Build(fixture);
        var answer = SdpSessionDescription.Parse(result.Sdp);

        foreach (var media in result.Media)
        {
            var section = answer.Media[media.Index];
            var formats = media.RtxPayloadType is { } rtx ? new[] { media.PayloadType, rtx } : [media.PayloadType];
            Assert.Equal(formats.Select(pt => pt.ToString(System.Globalization.CultureInfo.InvariantCulture)), section.Formats);
            Assert.Equal(new SdpRtpMap(media.PayloadType, media.CodecName, media.ClockRate, media.Channels), section.Attributes.GetRtpMap(media.PayloadType));
            var feedback = section.Attributes.GetRtcpFeedbacks().ToList();
            Assert.All(feedback, f => Assert.Equal(media.PayloadType, f.PayloadType));
            Assert.Equal(media.Feedback.HasFlag(WhipRtcpFeedback.Nack), feedback.Any(f => f.Is("nack")));
            Assert.Equal(media.Feedback.HasFlag(WhipRtcpFeedback.Pli), feedback.Any(f => f.Is("nack", "pli")));
            Assert.Equal(media.Feedback.HasFlag(WhipRtcpFeedback.Fir), feedback.Any(f => f.Is("ccm", "fir")));
            Assert.Equal(media.Feedback.HasFlag(WhipRtcpFeedback.TransportCc), feedback.Any(f => f.Is("transport-cc")));
            Assert.Equal(media.Feedback.HasFlag(WhipRtcpFeedback.GoogRemb), feedback.Any(f => f.Is("goog-remb")));
            Assert.False(media.Feedback.HasFlag(WhipRtcpFeedback.TransportCc) && media.Feedback.HasFlag(WhipRtcpFeedback.GoogRemb));
        }
    }

    [Theory]
    [MemberData(nameof(WhipFixtures.All), MemberType = typeof(WhipFixtures))]
    public void RemoteTransport_ComesFromTheOffersTaggedLine(string fixture)
    {
        var offer = SdpSessionDescription.Parse(WhipFixtures.Load(fixture));
        var result = Build(fixture);

        var tagged = offer.Media.Single(m => m.Mid == offer.GetBundleGroup()!.Mids[0]);
        Assert.Equal(tagged.Attributes.IceUfrag, result.RemoteIceUfrag);
        Assert.Equal(tagged.Attributes.IcePwd, result.RemoteIcePwd);
        Assert.Equal(tagged.Attributes.GetFingerprints(), result.RemoteFingerprints);
        Assert.Equal(SdpSetupRole.ActPass, result.RemoteSetup);
        Assert.Equal(SdpSetupRole.Passive, result.LocalSetup);
    }

    private static WhipAnswer Build(string fixture) => WhipAnswerBuilder.Build(WhipFixtures.Load(fixture), WhipTestOptions.Create());
}

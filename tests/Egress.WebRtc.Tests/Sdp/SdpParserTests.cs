using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class SdpParserTests
{
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_RoundTripsExactly(string name)
    {
        var text = SdpFixtures.Load(name);

        Assert.Equal(text, SdpSessionDescription.Parse(text).ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_WithLfEndings_ParsesToSameCrlfOutput(string name)
    {
        var text = SdpFixtures.Load(name);

        Assert.Equal(text, SdpSessionDescription.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal)).ToString());
    }

    [Fact]
    public void ChromeOffer_ExposesSessionAndTransportAttributes()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Chrome));

        Assert.Equal("8343168772962204580", offer.Origin.SessionId);
        Assert.Equal(["0", "1"], offer.GetBundleGroup()!.Mids);
        Assert.True(offer.Attributes.Has(SdpAttributeNames.ExtmapAllowMixed));
        Assert.Equal(2, offer.Media.Count);

        var video = offer.Media[0];
        Assert.Equal("video", video.Media);
        Assert.Equal(38467, video.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", video.Protocol);
        Assert.Equal("0", video.Mid);
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal("VonT", video.Attributes.IceUfrag);
        Assert.Equal("1xbWhI0ln09qfJ9Y1Z0uuLaG", video.Attributes.IcePwd);
        Assert.Equal(["trickle"], video.Attributes.GetIceOptions());
        Assert.Equal(SdpSetupRole.ActPass, video.Attributes.Setup);
        Assert.True(video.Attributes.RtcpMux);
        Assert.True(video.Attributes.RtcpRsize);
        var fingerprint = Assert.Single(video.Attributes.GetFingerprints());
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Equal(32, fingerprint.GetDigest().Length);
    }

    [Fact]
    public void ChromeOffer_ExposesCodecsFeedbackAndExtensions()
    {
        var video = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Chrome)).Media[0];

        Assert.Equal(34, video.PayloadTypes.Count());
        Assert.Equal(new SdpRtpMap(102, "H264", 90000), video.Attributes.GetRtpMap(102));
        var fmtp = video.Attributes.GetFmtp(108)!;
        Assert.Equal("42e01f", fmtp.Get("profile-level-id"));
        Assert.Equal("1", fmtp.Get("PACKETIZATION-MODE"));
        Assert.Equal("96", video.Attributes.GetFmtp(97)!.Get("apt"));
        Assert.Equal(
            ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
            video.Attributes.GetRtcpFeedbacks(96).Select(f => f.Parameter is null ? f.Type : $"{f.Type} {f.Parameter}"));
        var extmaps = video.Attributes.GetExtmaps().ToDictionary(e => e.Uri, e => e.Id);
        Assert.Equal(9, extmaps[RtpHeaderExtensionUris.SdesMid]);
        Assert.Equal(4, extmaps[RtpHeaderExtensionUris.TransportWideCc]);
        Assert.Equal(2, extmaps[RtpHeaderExtensionUris.AbsSendTime]);
    }

    [Fact]
    public void ChromeOffer_ParsesHostCandidatesWithExtensions()
    {
        var video = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Chrome)).Media[0];

        var candidates = video.Attributes.GetCandidates().ToList();

        Assert.Equal(2, candidates.Count);
        Assert.Equal("192.0.2.2", candidates[0].Address);
        Assert.Equal(38467, candidates[0].Port);
        Assert.Equal("host", candidates[0].Type);
        Assert.Equal(2113937151u, candidates[0].Priority);
        Assert.Equal([new("generation", "0"), new KeyValuePair<string, string>("network-cost", "999")], candidates[0].Extensions);
        Assert.Equal("fd00::2", candidates[1].Address);
    }

    [Fact]
    public void FirefoxOffer_HasSessionLevelFingerprintAndDirectionalExtmap()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Firefox));

        Assert.Single(offer.Attributes.GetFingerprints());
        Assert.Empty(offer.Media[0].Attributes.GetFingerprints());
        var playoutDelay = offer.Media[1].Attributes.GetExtmaps().Single(e => e.Id == 6);
        Assert.Equal(SdpDirection.RecvOnly, playoutDelay.Direction);
        var ssrc = Assert.Single(offer.Media[0].Attributes.GetSsrcs());
        Assert.Equal(2655508255u, ssrc.Ssrc);
        Assert.Equal("cname", ssrc.Attribute);
        Assert.Equal("0-15", offer.Media[0].Attributes.GetFmtp(101)!.Parameters);
        Assert.Empty(offer.Media[0].Attributes.GetFmtp(101)!.Values);
    }

    [Fact]
    public void GStreamerOffer_BundleOnlySectionIsNotRejected()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.GStreamer));

        var audio = offer.Media[1];
        Assert.Equal(0, audio.Port);
        Assert.True(audio.Attributes.BundleOnly);
        Assert.False(audio.IsRejected);
        Assert.Equal(new SdpRtpMap(111, "OPUS", 48000, 2), audio.Attributes.GetRtpMap(111));
        Assert.True(audio.Attributes.GetRtpMap(111)!.Is("opus", 48000));
    }

    [Fact]
    public void Writer_EmitsCrlfAndDefaultTiming()
    {
        var session = new SdpSessionDescription();
        session.Attributes.Add(SdpAttributeNames.IceLite);
        var media = new SdpMediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", ["111"]);
        media.Attributes.Add(new SdpRtpMap(111, "opus", 48000, 2).ToAttribute());
        session.Media.Add(media);

        Assert.Equal(
            "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n",
            session.ToString());
    }

    [Fact]
    public void Parser_KeepsRareSessionFieldsInCanonicalOrder()
    {
        const string text = "v=0\r\no=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\ns=SDP Seminar\r\ni=A Seminar\r\n"
            + "u=http://www.example.com/seminars/sdp.pdf\r\ne=j.doe@example.com (Jane Doe)\r\np=+1 617 555-6011\r\n"
            + "c=IN IP4 224.2.17.12/127\r\nb=AS:128\r\nt=2873397496 2873404696\r\nr=7d 1h 0 25h\r\nz=2882844526 -1h\r\n"
            + "a=recvonly\r\nm=audio 49170 RTP/AVP 0\r\ni=audio\r\nc=IN IP4 224.2.17.12/127\r\nb=AS:64\r\n"
            + "m=video 51372/2 RTP/AVP 99\r\na=rtpmap:99 h263-1998/90000\r\n";

        var parsed = SdpSessionDescription.Parse(text);

        Assert.Equal(text, parsed.ToString());
        Assert.Equal(2, parsed.Media[1].PortCount);
        Assert.Equal(128, parsed.Bandwidths[0].Value);
        Assert.Equal(SdpDirection.RecvOnly, parsed.Attributes.Direction);
    }

    public static TheoryData<string> Fixtures() => SdpFixtures.All;
}

using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Offers a WHIP endpoint must refuse, wholly (with a 400/406 reason) or line by line (port 0).</summary>
public sealed class WhipAnswerRefusalTests
{
    private const string Takes = "H.264 (packetization-mode 1) or VP8 video and/or Opus audio";

    private static readonly string H264 = "96 H264/90000 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f";

    [Theory]
    [InlineData("<html>")]
    [InlineData("v=0\r\n")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=video 9\r\n")]
    public void MalformedSdp_IsAParseError(string offer)
    {
        Assert.Throws<SdpParseException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()));
    }

    [Fact]
    public void OnlyVp9AndAv1Video_NoAudio_Is406NamingWhatWeTake()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["98 VP9/90000 profile-id=0", "45 AV1/90000", "99 rtx/90000 apt=98"])]);

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()));

        Assert.Equal(406, error.StatusCode);
        Assert.Equal(
            $"offer has no media this server can ingest; it takes {Takes} "
            + "(video mid 0: no H.264 with packetization-mode=1 or VP8 offered (offered: VP9, AV1))",
            error.Message);
    }

    [Fact]
    public void ChromiumOfferWithoutH264AndVp8_Is406()
    {
        var offer = SdpSessionDescription.Parse(WhipFixtures.Load(WhipFixtures.Chromium));
        var video = offer.Media[1];
        video.Formats.RemoveAll(f => f is "96" or "97" or "102" or "103" or "108" or "109" or "116" or "117");
        offer.Media.RemoveAt(0);
        offer.Attributes.Remove(offer.Attributes.First(a => a.Name == "group"));
        offer.Attributes.Add("group", "BUNDLE 1");

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()));

        Assert.Equal(406, error.StatusCode);
        Assert.Contains(Takes, error.Message, StringComparison.Ordinal);
        Assert.Contains("(offered: H264 42001f mode 0, H264 42e01f mode 0, H264 4d001f mode 0, AV1, VP9)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chrome-recvonly-av.sdp")]
    [InlineData("firefox-recvonly-av.sdp")]
    [InlineData("gstreamer-webrtcbin-max-bundle.sdp")]
    public void WhepStyleRecvOnlyOffers_Are400SayingWhipMustSend(string whepFixture)
    {
        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(SdpFixtures.Load(whepFixture), WhipTestOptions.Create()));

        Assert.Equal(400, error.StatusCode);
        Assert.StartsWith("WHIP offers must send media, but every audio/video m-line of this one only receives", error.Message, StringComparison.Ordinal);
        Assert.Contains("a WHIP publisher must send", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetupPassive_Is400_WeAreOnlyTheDtlsServer()
    {
        var offer = WhipFixtures.Load(WhipFixtures.Chromium).Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("offer has a=setup:passive; this server is always the DTLS server, so the offer must be actpass or active", error.Message);
    }

    [Fact]
    public void SetupActive_IsAccepted()
    {
        var offer = WhipFixtures.Load(WhipFixtures.Chromium).Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal(SdpSetupRole.Active, answer.RemoteSetup);
        Assert.Equal(SdpSetupRole.Passive, answer.Description.Attributes.Setup);
    }

    [Theory]
    [InlineData("a=ice-pwd:", "offer has no ICE credentials (a=ice-ufrag and a=ice-pwd are required)")]
    [InlineData("a=fingerprint:", "offer has no DTLS certificate fingerprint (a=fingerprint is required)")]
    [InlineData("a=rtcp-mux", "offer has no a=rtcp-mux on the audio m-line (mid 0); RTP and RTCP must share one port")]
    public void MissingTransportPrerequisites_Are400(string dropped, string message)
    {
        var offer = string.Join("\r\n", WhipFixtures.Load(WhipFixtures.Chromium).Split("\r\n").Where(l => !l.StartsWith(dropped, StringComparison.Ordinal)));

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void DataChannelOnly_Is406()
    {
        var error = Assert.Throws<SdpNegotiationException>(
            () => WhipAnswerBuilder.Build(WhipTestOffers.Offer([WhipTestOffers.DataChannel("0")]), WhipTestOptions.Create()));

        Assert.Equal(406, error.StatusCode);
        Assert.Equal($"offer has no media this server can ingest; it takes {Takes} (application mid 0: media type 'application' is not ingested)", error.Message);
    }

    [Fact]
    public void OfferWithoutMedia_Is406()
    {
        var error = Assert.Throws<SdpNegotiationException>(
            () => WhipAnswerBuilder.Build("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", WhipTestOptions.Create()));

        Assert.Equal(406, error.StatusCode);
        Assert.Equal($"offer has no media this server can ingest; it takes {Takes} (it has no media sections)", error.Message);
    }

    [Fact]
    public void SecondVideoLine_IsRejectedWithPortZeroAndLeftOutOfBundle()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Opus("a"), WhipTestOffers.Video("v1", [H264]), WhipTestOffers.Video("v2", [H264])]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        var second = answer.Description.Media[2];
        Assert.Equal(0, second.Port);
        Assert.Equal("v2", second.Mid);
        Assert.Equal(["96"], second.Formats);
        Assert.Null(second.Attributes.Direction);
        Assert.Empty(second.Attributes.GetCandidates());
        Assert.Equal(["a", "v1"], answer.Description.GetBundleGroup()!.Mids);
        Assert.Equal(["a", "v1"], answer.Media.Select(m => m.Mid));
        var rejected = Assert.Single(answer.Rejected);
        Assert.Equal((2, "v2", "video", false), (rejected.Index, rejected.Mid, rejected.Media, rejected.KeptForBundle));
        Assert.Equal("only one video m-line is taken and video mid v1 already is", rejected.Reason);
    }

    [Fact]
    public void TrailingDataChannel_IsRejectedWithPortZero()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", [H264]), WhipTestOffers.Opus("1"), WhipTestOffers.DataChannel("2")]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        var data = answer.Description.Media[2];
        Assert.Equal(("application", 0, "UDP/DTLS/SCTP", "2"), (data.Media, data.Port, data.Protocol, data.Mid));
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal(["0", "1"], answer.BundleMids);
    }

    [Fact]
    public void LeadingDataChannel_IsRefused_RejectingItWouldTearDownTheBundleTransport()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.DataChannel("0"), WhipTestOffers.Video("1", [H264])]);

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()));

        Assert.Equal(406, error.StatusCode);
        Assert.StartsWith("offer's BUNDLE-tagged m-line (application mid 0) cannot be accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecvOnlyOrInactiveLineAfterTheTag_IsRejectedWithPortZero()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", [H264]), WhipTestOffers.Opus("1", "inactive"), WhipTestOffers.Opus("2", "recvonly")]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal([40000, 0, 0], answer.Description.Media.Select(m => m.Port));
        Assert.Equal(["0"], answer.BundleMids);
        Assert.Equal(
            ["offer direction is inactive; a WHIP publisher must send", "offer direction is recvonly; a WHIP publisher must send"],
            answer.Rejected.Select(r => r.Reason));
        Assert.Null(answer.Audio);
    }

    [Fact]
    public void RecvOnlyTaggedLine_IsKeptInactiveBecauseItCarriesTheBundleTransport()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Opus("0", "recvonly"), WhipTestOffers.Video("1", [H264])]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        var tagged = answer.Description.Media[0];
        Assert.Equal((40000, SdpDirection.Inactive), (tagged.Port, tagged.Attributes.Direction));
        Assert.Single(tagged.Attributes.GetCandidates());
        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.True(Assert.Single(answer.Rejected).KeptForBundle);
        Assert.Equal("1", Assert.Single(answer.Media).Mid);
    }

    [Fact]
    public void AudioWithoutOpus_IsRejectedWhileVideoIsTaken()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", [H264]), WhipTestOffers.Section("audio", "1", "sendonly", ["0 PCMU/8000", "8 PCMA/8000", "97 opus/48000"])]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal(0, answer.Description.Media[1].Port);
        Assert.Equal("no opus/48000/2 offered (offered: PCMU, PCMA, opus)", Assert.Single(answer.Rejected).Reason);
        Assert.Equal(SdpMediaKind.Video, Assert.Single(answer.Media).Kind);
    }

    [Fact]
    public void UnbundledOfferWithTwoLines_Is406()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", [H264]), WhipTestOffers.Opus("1")], bundle: false);

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()));

        Assert.Equal(406, error.StatusCode);
        Assert.StartsWith("offer is not BUNDLE-able", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnbundledSingleLine_IsAcceptedWithoutGroup()
    {
        var answer = WhipAnswerBuilder.Build(WhipTestOffers.Offer([WhipTestOffers.Opus("0")], bundle: false), WhipTestOptions.Create());

        Assert.Null(answer.Description.GetBundleGroup());
        Assert.Empty(answer.BundleMids);
        Assert.Single(answer.Description.Media[0].Attributes.GetCandidates());
        Assert.Equal(111, answer.Audio!.PayloadType);
    }

    [Fact]
    public void InvalidLocalOptions_AreArgumentErrors()
    {
        var offer = WhipFixtures.Load(WhipFixtures.Chromium);

        Assert.Throws<ArgumentException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create("VP9")));
        Assert.Throws<ArgumentException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create("H264", "h264")));
        Assert.Throws<ArgumentException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create() with { IceUfrag = "ab" }));
        Assert.Throws<ArgumentException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create() with { Candidates = [] }));
        Assert.Throws<ArgumentException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create() with { Fingerprint = new SdpFingerprint("sha-1", "AA:BB") }));
    }
}

using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class WhepAnswerRefusalTests
{
    [Fact]
    public void HighSource_AgainstRealChromeOfferWithoutHigh_GoesOutUnderHigh444()
    {
        // Debian's Chromium offers no High profile; its f4001f (High 4:4:4 Predictive) decoder must decode High.
        var offer = SdpFixtures.Load(SdpFixtures.Chrome);

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video("640028"), WhepTestOptions.Audio()));

        var video = answer.Media.Single(m => m.Media == "video");
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=f4001f", video.FormatParameters);
        Assert.Equal("f4001f", SdpSessionDescription.Parse(offer).Media.Single(m => m.Media == "video").Attributes.GetFmtp(video.PayloadType!.Value)!.Get("profile-level-id"));
    }

    [Fact]
    public void HighSource_AgainstOnlyBaselineAndMain_NamesWhatWasOffered()
    {
        var offer = WhepTestOffers.Video("packetization-mode=1;profile-level-id=42e01f");

        var error = Assert.Throws<SdpNegotiationException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video("640028"))));

        Assert.Equal("offer has no H.264 with packetization-mode=1 able to carry profile-level-id 640028 (offered: H264 42e01f mode 1)", error.Message);
    }

    [Fact]
    public void HighSource_AgainstFirefox_IsRefused()
    {
        var offer = SdpFixtures.Load(SdpFixtures.Firefox);

        var error = Assert.Throws<SdpNegotiationException>(
            () => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video("64001f"))));

        Assert.EndsWith("(offered: VP8, VP9, H264 42e01f mode 1, H264 42e01f mode 0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mode0Only_IsRefused()
    {
        var offer = WhepTestOffers.Video("profile-level-id=42e01f;packetization-mode=0");

        var error = Assert.Throws<SdpNegotiationException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video())));

        Assert.Contains("(offered: H264 42e01f mode 0)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42e028", "packetization-mode=1;profile-level-id=42e01f", null)]
    [InlineData("42e028", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", "42e028")]
    [InlineData("42e01f", "packetization-mode=1;profile-level-id=42e02a", "42e01f")]
    [InlineData("42e01f", "packetization-mode=1;profile-level-id=42c01f", "42e01f")]
    [InlineData("42e01f", "packetization-mode=1;profile-level-id=42001f", "42001f")] // a Baseline decoder plays Constrained Baseline
    [InlineData("42e01f", "packetization-mode=1", null)]
    [InlineData("42e00a", "packetization-mode=1", "420010")]
    [InlineData("42000a", "packetization-mode=1", "42000a")]
    [InlineData("4d001f", "packetization-mode=1;profile-level-id=42e01f", null)] // Main needs a Main-or-better decoder
    [InlineData("42001f", "packetization-mode=1;profile-level-id=4d001f", null)] // full Baseline (FMO/ASO) is not Main's
    public void Level_MustFitUnlessAsymmetryIsAllowed(string source, string offeredFmtp, string? answeredProfile)
    {
        var offer = WhepTestOffers.Video(offeredFmtp);
        var options = WhepTestOptions.Create(WhepTestOptions.Video(source));

        if (answeredProfile is not null)
        {
            var answer = WhepAnswerBuilder.Build(offer, options);
            Assert.Equal($"level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={answeredProfile}", answer.Media[0].FormatParameters);
        }
        else
        {
            Assert.Throws<SdpNegotiationException>(() => WhepAnswerBuilder.Build(offer, options));
        }
    }

    [Fact]
    public void AudioWithoutOpus_IsRefused()
    {
        var error = Assert.Throws<SdpNegotiationException>(
            () => WhepAnswerBuilder.Build(WhepTestOffers.Audio(), WhepTestOptions.Create(WhepTestOptions.Audio())));

        Assert.Equal("offer has no opus/48000/2 for the audio source (offered: PCMU, PCMA)", error.Message);
    }

    [Theory]
    [InlineData("credentials", "offer has no ICE credentials (a=ice-ufrag and a=ice-pwd are required)")]
    [InlineData("fingerprint", "offer has no DTLS certificate fingerprint (a=fingerprint is required)")]
    [InlineData("rtcp-mux", "offer has no a=rtcp-mux on the video m-line (mid 0); RTP and RTCP must share one port")]
    [InlineData("passive", "offer has a=setup:passive; this server is always the DTLS server, so the offer must be actpass or active")]
    [InlineData("holdconn", "offer has a=setup:holdconn; this server is always the DTLS server, so the offer must be actpass or active")]
    public void MissingTransportPrerequisites_AreRefusedWithReason(string broken, string message)
    {
        var offer = broken switch
        {
            "credentials" => WhepTestOffers.Video(credentials: false),
            "fingerprint" => WhepTestOffers.Video(fingerprint: false),
            "rtcp-mux" => WhepTestOffers.Video(rtcpMux: false),
            _ => WhepTestOffers.Video(setup: broken),
        };

        var error = Assert.Throws<SdpNegotiationException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video())));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void UnbundledMultiSectionOffer_IsRefused()
    {
        var offer = SdpFixtures.Load(SdpFixtures.GStreamerNoBundle);

        var error = Assert.Throws<SdpNegotiationException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create()));

        Assert.StartsWith("offer is not BUNDLE-able", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnbundledSingleSectionOffer_IsAcceptedWithoutGroup()
    {
        var answer = WhepAnswerBuilder.Build(WhepTestOffers.Video(bundle: false), WhepTestOptions.Create(WhepTestOptions.Video()));

        Assert.Null(answer.Description.GetBundleGroup());
        Assert.Empty(answer.BundleMids);
        Assert.True(answer.Media[0].Accepted);
    }

    [Fact]
    public void NothingSendable_IsRefusedListingEachSection()
    {
        var error = Assert.Throws<SdpNegotiationException>(
            () => WhepAnswerBuilder.Build(WhepTestOffers.Video(direction: "sendonly"), WhepTestOptions.Create(WhepTestOptions.Video())));

        Assert.Equal(
            "offer has no media section this stream can be sent on (video: offer direction is sendonly; this server only sends)",
            error.Message);
    }

    [Fact]
    public void OfferWithoutMedia_IsRefused()
    {
        var error = Assert.Throws<SdpNegotiationException>(
            () => WhepAnswerBuilder.Build("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", WhepTestOptions.Create()));

        Assert.Equal("offer has no media sections", error.Message);
    }

    [Fact]
    public void GarbageOffer_SurfacesAsParseError()
    {
        Assert.Throws<SdpParseException>(() => WhepAnswerBuilder.Build("<html>", WhepTestOptions.Create()));
    }

    [Fact]
    public void InvalidLocalOptions_AreArgumentErrors()
    {
        var offer = WhepTestOffers.Video();

        Assert.Throws<ArgumentException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create() with { IceUfrag = "ab" }));
        Assert.Throws<ArgumentException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create() with { IcePwd = "short" }));
        Assert.Throws<ArgumentException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create() with { Candidates = [] }));
        Assert.Throws<ArgumentException>(() => WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video("xyz"))));
        Assert.Throws<ArgumentException>(() => WhepAnswerBuilder.Build(
            offer, WhepTestOptions.Create() with { Fingerprint = new SdpFingerprint("sha-1", "AA:BB") }));
    }
}

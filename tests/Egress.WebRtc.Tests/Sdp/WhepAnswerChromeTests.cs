using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class WhepAnswerChromeTests
{
    private static readonly SdpSessionDescription Offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Chrome));

    [Fact]
    public void ConstrainedBaselineSource_PicksFirstCompatibleMode1PayloadType()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());

        var video = answer.Media[0];
        Assert.True(video.Accepted);
        Assert.Equal("0", video.Mid);
        // 102 is Baseline (42001f) and 104 is mode 0; 108 is the first Constrained Baseline mode 1.
        Assert.Equal(108, video.PayloadType);
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.FormatParameters);
        var section = answer.Description.Media[0];
        Assert.Equal(["108"], section.Formats);
        Assert.Equal("108 H264/90000", section.Attributes.GetValue(SdpAttributeNames.RtpMap));
        Assert.Equal("108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", section.Attributes.GetValue(SdpAttributeNames.Fmtp));
    }

    [Fact]
    public void Rtx_IsAnsweredForTheChosenCodecWhenOurTrackHasAnRtxStream()
    {
        var video = WhepTestOptions.Video() with { RtxSsrc = 0x33333333 };
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create(video, WhepTestOptions.Audio()));

        var section = answer.Description.Media[0];
        Assert.Equal(["108", "109"], section.Formats);
        Assert.Contains("109 rtx/90000", section.Attributes.GetValues(SdpAttributeNames.RtpMap));
        Assert.Contains("109 apt=108", section.Attributes.GetValues(SdpAttributeNames.Fmtp));
        Assert.Equal("FID 286331153 858993459", section.Attributes.GetValue(SdpAttributeNames.SsrcGroup));
        Assert.Contains("858993459 cname:sfu-cname", section.Attributes.GetValues(SdpAttributeNames.Ssrc));
        Assert.Equal(109, answer.Media[0].RtxPayloadType);

        // Audio has no RTX stream; a video track without one answers no rtx either.
        Assert.Null(answer.Media[1].RtxPayloadType);
        var plain = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());
        Assert.Null(plain.Media[0].RtxPayloadType);
        Assert.Equal(["108"], plain.Description.Media[0].Formats);
    }

    [Fact]
    public void Rtx_IsNotAnsweredWhenTheOfferedRtxRepairsAnotherCodecOrNackIsOff()
    {
        var video = WhepTestOptions.Video() with { RtxSsrc = 0x33333333 };
        var misdirected = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Chrome).Replace("a=fmtp:109 apt=108", "a=fmtp:109 apt=96", StringComparison.Ordinal));
        var answer = WhepAnswerBuilder.Build(misdirected, WhepTestOptions.Create(video, WhepTestOptions.Audio()));
        Assert.Null(answer.Media[0].RtxPayloadType);
        Assert.Equal(["108"], answer.Description.Media[0].Formats);
        Assert.Null(answer.Description.Media[0].Attributes.GetValue(SdpAttributeNames.SsrcGroup));

        var withoutNack = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create(video, WhepTestOptions.Audio()) with { Nack = false });
        Assert.Null(withoutNack.Media[0].RtxPayloadType);
        Assert.Equal(["108"], withoutNack.Description.Media[0].Formats);
    }

    [Fact]
    public void WithoutRetransmissionsNackIsNotAnsweredButPliStays()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create() with { Nack = false });

        var video = answer.Description.Media[0];
        Assert.Equal(["108 nack pli", "108 ccm fir", "108 transport-cc"], video.Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
        Assert.False(answer.Media[0].Nack);
        Assert.True(answer.Media[0].NackPli);
    }

    [Fact]
    public void PlayoutDelayIsAnsweredOnVideoOnlyWhenTheStreamHasOne()
    {
        var delayed = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create() with { PlayoutDelay = new Sfu.Core.Media.PlayoutDelay(100, 200) });
        Assert.Equal(5, delayed.Media[0].PlayoutDelayExtensionId);
        Assert.Contains($"5 {RtpHeaderExtensionUris.PlayoutDelay}", delayed.Description.Media[0].Attributes.GetValues(SdpAttributeNames.Extmap));
        Assert.Null(delayed.Media[1].PlayoutDelayExtensionId);

        var plain = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());
        Assert.Null(plain.Media[0].PlayoutDelayExtensionId);
    }

    [Fact]
    public void Feedback_IsFilteredToWhatWeImplement()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());

        var video = answer.Description.Media[0];
        Assert.Equal(["108 nack", "108 nack pli", "108 ccm fir", "108 transport-cc"], video.Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
        Assert.DoesNotContain(video.Attributes.GetRtcpFeedbacks(), f => f.Type == "goog-remb");
        Assert.True(answer.Media[0].Nack && answer.Media[0].NackPli && answer.Media[0].CcmFir && answer.Media[0].TransportCc);
        Assert.Equal(["111 transport-cc"], answer.Description.Media[1].Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
    }

    [Fact]
    public void HeaderExtensions_KeepOfferedIdsAndDropUnsupported()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());

        Assert.Equal(
            [$"2 {RtpHeaderExtensionUris.AbsSendTime}", $"4 {RtpHeaderExtensionUris.TransportWideCc}", $"9 {RtpHeaderExtensionUris.SdesMid}"],
            answer.Description.Media[0].Attributes.GetValues(SdpAttributeNames.Extmap));
        Assert.Equal(9, answer.Media[0].MidExtensionId);
        Assert.Equal(4, answer.Media[0].TransportWideCcExtensionId);
        Assert.Equal(2, answer.Media[0].AbsSendTimeExtensionId);
        Assert.Equal(9, answer.Media[1].MidExtensionId);
    }

    [Fact]
    public void Opus_IsAnsweredWithStandardParameters()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());

        var audio = answer.Media[1];
        Assert.Equal("1", audio.Mid);
        Assert.Equal(111, audio.PayloadType);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.Codec);
        Assert.Equal("111 minptime=10;useinbandfec=1", answer.Description.Media[1].Attributes.GetValue(SdpAttributeNames.Fmtp));
        Assert.True(audio.TransportCc);
        Assert.False(audio.Nack);
    }

    [Fact]
    public void SessionAndTransport_FollowIceLiteAndDtlsPassiveRules()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());
        var parsed = SdpSessionDescription.Parse(answer.Sdp);

        Assert.True(parsed.Attributes.IceLite);
        Assert.Equal(["0", "1"], parsed.GetBundleGroup()!.Mids);
        Assert.Equal(["0", "1"], answer.BundleMids);
        foreach (var media in parsed.Media)
        {
            Assert.Equal(SdpSetupRole.Passive, media.Attributes.Setup);
            Assert.Equal(SdpDirection.SendOnly, media.Direction);
            Assert.True(media.Attributes.RtcpMux);
            Assert.True(media.Attributes.RtcpRsize);
            Assert.Equal(WhepTestOptions.Ufrag, media.Attributes.IceUfrag);
            Assert.Equal(WhepTestOptions.Pwd, media.Attributes.IcePwd);
            Assert.Equal(WhepTestOptions.Fingerprint, Assert.Single(media.Attributes.GetFingerprints()));
            Assert.Equal(40000, media.Port);
            Assert.Equal(new SdpConnection("IN", "IP4", "203.0.113.10"), Assert.Single(media.Connections));
        }

        Assert.Equal(WhepTestOptions.Host.ToString(), Assert.Single(parsed.Media[0].Attributes.GetCandidates()).ToString());
        Assert.True(parsed.Media[0].Attributes.EndOfCandidates);
        Assert.Empty(parsed.Media[1].Attributes.GetCandidates());
        Assert.Equal("- 4242 1 IN IP4 127.0.0.1", parsed.Origin.ToString());
    }

    [Fact]
    public void Tracks_AreIdentifiedByMsidAndSsrc()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());

        var video = answer.Description.Media[0].Attributes;
        Assert.Equal(new SdpMsid("stream1", "video1"), Assert.Single(video.GetMsids()));
        Assert.Equal(
            [new SdpSsrc(0x11111111, "cname", "sfu-cname"), new SdpSsrc(0x11111111, "msid", "stream1 video1")],
            video.GetSsrcs());
    }

    [Fact]
    public void RemoteParameters_AreReported()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create());

        Assert.Equal("VonT", answer.RemoteIceUfrag);
        Assert.Equal("1xbWhI0ln09qfJ9Y1Z0uuLaG", answer.RemoteIcePwd);
        Assert.Equal(SdpSetupRole.ActPass, answer.RemoteSetup);
        Assert.Equal(SdpSetupRole.Passive, answer.LocalSetup);
        Assert.StartsWith("F9:50:E0", Assert.Single(answer.RemoteFingerprints).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void HighSource_UsesOfferedHighProfileWithOwnLevel()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.ChromeHigh));

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video("640028"), WhepTestOptions.Audio()));

        Assert.Equal(112, answer.Media[0].PayloadType);
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640028", answer.Media[0].FormatParameters);
    }

    [Fact]
    public void DataChannelSection_IsRejectedWithPortZeroButKeepsPlaceAndMid()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.ChromeDataChannel));

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create());

        Assert.Equal(3, answer.Description.Media.Count);
        var application = answer.Description.Media[2];
        Assert.Equal("application", application.Media);
        Assert.Equal(0, application.Port);
        Assert.Equal("UDP/DTLS/SCTP", application.Protocol);
        Assert.Equal(["webrtc-datachannel"], application.Formats);
        Assert.Equal("2", application.Mid);
        Assert.False(answer.Media[2].Accepted);
        Assert.Contains("application", answer.Media[2].RejectionReason, StringComparison.Ordinal);
        Assert.Equal(["0", "1"], SdpSessionDescription.Parse(answer.Sdp).GetBundleGroup()!.Mids);
    }

    [Fact]
    public void VideoOnlyStream_RejectsAudioAndBundlesVideoOnly()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create(WhepTestOptions.Video()));

        Assert.True(answer.Media[0].Accepted);
        Assert.False(answer.Media[1].Accepted);
        Assert.Equal(0, answer.Description.Media[1].Port);
        Assert.Equal("1", answer.Description.Media[1].Mid);
        Assert.Equal(["0"], answer.BundleMids);
    }

    [Fact]
    public void AudioOnlyStream_KeepsOffererTaggedVideoInactiveToCarryTheTransport()
    {
        var answer = WhepAnswerBuilder.Build(Offer, WhepTestOptions.Create(WhepTestOptions.Audio()));

        var video = answer.Description.Media[0];
        Assert.True(answer.Media[0].Accepted);
        Assert.Null(answer.Media[0].Track);
        Assert.StartsWith("inactive: this stream has no video track", answer.Media[0].RejectionReason, StringComparison.Ordinal);
        Assert.Equal(SdpDirection.Inactive, video.Direction);
        Assert.Equal(40000, video.Port);
        Assert.Equal(["96"], video.Formats);
        Assert.Empty(video.Attributes.GetSsrcs());
        Assert.Single(video.Attributes.GetCandidates());
        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.Equal(111, answer.Media[1].PayloadType);
        Assert.Empty(answer.Description.Media[1].Attributes.GetCandidates());
    }

    [Fact]
    public void OffererTaggedDataChannel_CannotBeKeptAndIsRefused()
    {
        var text = string.Join("\r\n", [
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:0", "a=sctp-port:5000",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:" + WhepTestOffers.Fingerprint, "a=setup:actpass", "a=mid:1", "a=recvonly", "a=rtcp-mux",
            "a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=1;profile-level-id=42e01f", ""]);

        var error = Assert.Throws<SdpNegotiationException>(() => WhepAnswerBuilder.Build(text, WhepTestOptions.Create(WhepTestOptions.Video())));

        Assert.StartsWith("offer's BUNDLE-tagged m-line (mid 0, application) cannot be accepted", error.Message, StringComparison.Ordinal);
    }
}

using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Answers to Chromium 156 publishing its fake camera and microphone (Fixtures/whip-chromium.sdp).</summary>
/// <remarks>
/// Produced by generators/make-chromium-whip-offer.py plain: audio then video transceiver, sendonly, max-bundle.
/// </remarks>
public sealed class WhipAnswerChromiumTests
{
    private static readonly WhipAnswer Answer = WhipAnswerBuilder.Build(WhipFixtures.Load(WhipFixtures.Chromium), WhipTestOptions.Create());

    private static readonly SdpSessionDescription Parsed = SdpSessionDescription.Parse(Answer.Sdp);

    [Fact]
    public void Video_PicksConstrainedBaseline42e01fOverBaselineMainAndVp8()
    {
        // Offered in this order: 96 VP8, 102 H264 42001f, 104 mode 0, 108 42e01f, 114 mode 0, 116 4d001f, ..., 45 AV1, 98/100 VP9.
        var video = Answer.Video!;
        Assert.Equal("1", video.Mid);
        Assert.Equal(1, video.Index);
        Assert.Equal(108, video.PayloadType);
        Assert.Equal("H264", video.CodecName);
        Assert.Equal(90000, video.ClockRate);
        Assert.Null(video.Channels);
        Assert.Equal("42e01f", video.FormatParameters["profile-level-id"]);
        Assert.Equal("1", video.FormatParameters["packetization-mode"]);
        Assert.Equal(109, video.RtxPayloadType);
        var section = Parsed.Media[1];
        Assert.Equal(["108", "109"], section.Formats);
        Assert.Equal(
            ["108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", "109 apt=108"],
            section.Attributes.GetValues(SdpAttributeNames.Fmtp));
        Assert.Equal(["108 H264/90000", "109 rtx/90000"], section.Attributes.GetValues(SdpAttributeNames.RtpMap));
    }

    [Fact]
    public void Video_AnswersNackPliFirAndTransportCcButNotRemb()
    {
        Assert.Equal(
            ["108 nack", "108 nack pli", "108 ccm fir", "108 transport-cc"],
            Parsed.Media[1].Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
        Assert.Equal(WhipRtcpFeedback.Nack | WhipRtcpFeedback.Pli | WhipRtcpFeedback.Fir | WhipRtcpFeedback.TransportCc, Answer.Video!.Feedback);
        Assert.True(Parsed.Media[1].Attributes.RtcpRsize);
    }

    [Fact]
    public void Video_KeepsMidRidAndCongestionExtensionsWithChromiumsIds()
    {
        Assert.Equal(
            [
                $"2 {RtpHeaderExtensionUris.AbsSendTime}", $"3 {RtpHeaderExtensionUris.TransportWideCc}", $"4 {RtpHeaderExtensionUris.SdesMid}",
                $"10 {RtpHeaderExtensionUris.SdesRtpStreamId}", $"11 {RtpHeaderExtensionUris.SdesRepairedRtpStreamId}",
            ],
            Parsed.Media[1].Attributes.GetValues(SdpAttributeNames.Extmap));
        var video = Answer.Video!;
        Assert.Equal((4, 10, 11, 3, 2), (video.MidExtensionId, video.RidExtensionId, video.RepairedRidExtensionId, video.TransportWideCcExtensionId, video.AbsSendTimeExtensionId));
    }

    [Fact]
    public void Video_ReportsTheDeclaredSsrcAndItsRtxPairButNoRids()
    {
        var video = Answer.Video!;
        Assert.Equal([3042132760u, 2603064032u], video.Ssrcs);
        Assert.Equal(new Dictionary<uint, uint> { [3042132760] = 2603064032 }, video.RtxSsrcs);
        Assert.Empty(video.Rids);
        Assert.False(Parsed.Media[1].Attributes.Has(SdpAttributeNames.Simulcast));
    }

    [Fact]
    public void Audio_IsOpusWithItsFmtpAndTransportCc()
    {
        var audio = Answer.Audio!;
        Assert.Equal(("0", 0, 111, "opus", 48000, 2), (audio.Mid, audio.Index, audio.PayloadType, audio.CodecName, audio.ClockRate, audio.Channels));
        Assert.Null(audio.RtxPayloadType);
        Assert.Equal(WhipRtcpFeedback.TransportCc, audio.Feedback);
        Assert.Equal([3881400780u], audio.Ssrcs);
        Assert.Equal("10", audio.FormatParameters["minptime"]);
        var section = Parsed.Media[0];
        Assert.Equal(["111"], section.Formats);
        Assert.Equal(["111 minptime=10;useinbandfec=1"], section.Attributes.GetValues(SdpAttributeNames.Fmtp));
        Assert.Equal(["111 transport-cc"], section.Attributes.GetValues(SdpAttributeNames.RtcpFeedback));

        // ssrc-audio-level (id 1) is not read by the ingest, so it is left out.
        Assert.Equal(
            [$"2 {RtpHeaderExtensionUris.AbsSendTime}", $"3 {RtpHeaderExtensionUris.TransportWideCc}", $"4 {RtpHeaderExtensionUris.SdesMid}"],
            section.Attributes.GetValues(SdpAttributeNames.Extmap));
    }

    [Fact]
    public void Transport_IsChromiumsAndTheAudioLineCarriesOurCandidates()
    {
        Assert.Equal("7J75", Answer.RemoteIceUfrag);
        Assert.Equal("63IHxuWHRkhd9Ffdma04if+c", Answer.RemoteIcePwd);
        Assert.StartsWith("09:CB:49:57", Answer.RemoteFingerprints.Single().Value, StringComparison.Ordinal);
        Assert.Equal(["0", "1"], Answer.BundleMids);
        Assert.Single(Parsed.Media[0].Attributes.GetCandidates());
    }

    [Fact]
    public void Vp8First_PicksPayloadType96WithItsRtx()
    {
        var answer = WhipAnswerBuilder.Build(WhipFixtures.Load(WhipFixtures.Chromium), WhipTestOptions.Create("VP8", "H264"));

        Assert.Equal((96, "VP8", 97), (answer.Video!.PayloadType, answer.Video.CodecName, answer.Video.RtxPayloadType));
        Assert.Equal(["96", "97"], answer.Description.Media[1].Formats);
        Assert.Empty(answer.Video.FormatParameters);
        Assert.Null(answer.Description.Media[1].Attributes.GetFmtp(96));
    }
}

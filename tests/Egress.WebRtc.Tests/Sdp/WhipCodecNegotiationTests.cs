using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Codec preference, H.264 profile ranking, RTX, feedback and extension rules on small synthetic offers.</summary>
public sealed class WhipCodecNegotiationTests
{
    [Theory]
    [InlineData("64001f,4d001f,42001f,42e01f", 99)] // 42e01f wins wherever it is
    [InlineData("64001f,4d001f,42001f", 98)] // then Baseline
    [InlineData("42001f,42c01e", 97)] // Constrained Baseline before plain Baseline
    [InlineData("42e028,42c01f,42e01f,42001f", 98)] // 42e01f before other Constrained Baseline levels and flags
    [InlineData("64001f,4d0032", 97)] // Main before High, any level
    [InlineData("640c1f,64001f", 96)] // equal rank: the offerer's order
    [InlineData("4d001f,4d801f", 97)] // 4d80 is Constrained Baseline signalled with Main's profile_idc
    [InlineData("f4001f,6e001f,64001f", 98)] // High 4:4:4 and High 10 are not taken
    public void H264_IsRankedConstrainedBaselineBaselineMainHigh(string profiles, int expected)
    {
        var formats = profiles.Split(',').Select((p, i) => $"{96 + i} H264/90000 packetization-mode=1;profile-level-id={p}").ToArray();

        var answer = WhipAnswerBuilder.Build(WhipTestOffers.Offer([WhipTestOffers.Video("0", formats)]), WhipTestOptions.Create());

        Assert.Equal(expected, answer.Video!.PayloadType);
    }

    [Fact]
    public void H264_Mode0IsNeverTaken_FallsBackToVp8()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 H264/90000 packetization-mode=0;profile-level-id=42e01f", "97 H264/90000 profile-level-id=42e01f", "100 VP8/90000"])]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal((100, "VP8"), (answer.Video!.PayloadType, answer.Video.CodecName));
    }

    [Fact]
    public void H264_WithoutProfileLevelId_IsBaselineAndAnsweredWithoutOne()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 H264/90000 packetization-mode=1"])]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal("96 packetization-mode=1", answer.Description.Media[0].Attributes.GetValue(SdpAttributeNames.Fmtp));
    }

    [Theory]
    [InlineData(new[] { "H264", "VP8" }, 97)]
    [InlineData(new[] { "VP8", "H264" }, 96)]
    [InlineData(new[] { "VP8" }, 96)]
    [InlineData(new[] { "H264" }, 97)]
    public void Preference_DecidesBetweenOfferedCodecs(string[] preference, int expected)
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000", "97 H264/90000 packetization-mode=1;profile-level-id=42e01f"])]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create(preference));

        Assert.Equal(expected, answer.Video!.PayloadType);
    }

    [Fact]
    public void H264Only_AgainstVp8Offer_NamesOnlyH264()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000"])]);

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create("H264")));

        Assert.Contains("it takes H.264 (packetization-mode 1) video and/or Opus audio", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rtx_IsTheOneRepairingTheChosenPayloadType()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000", "97 rtx/90000 apt=98", "98 H264/90000 packetization-mode=1", "99 rtx/90000 apt=96"])]);

        var h264 = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());
        var vp8 = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create("VP8"));

        Assert.Equal((98, 97), (h264.Video!.PayloadType, h264.Video.RtxPayloadType));
        Assert.Equal(["97 rtx/90000"], h264.Description.Media[0].Attributes.GetValues(SdpAttributeNames.RtpMap).Skip(1));
        Assert.Equal((96, 99), (vp8.Video!.PayloadType, vp8.Video.RtxPayloadType));
        Assert.Equal("99 apt=96", vp8.Description.Media[0].Attributes.GetValues(SdpAttributeNames.Fmtp).Last());
    }

    [Fact]
    public void WithoutOfferedRtx_OnlyTheCodecIsAnswered()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000", "97 rtx/90000 apt=100"])]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Null(answer.Video!.RtxPayloadType);
        Assert.Equal(["96"], answer.Description.Media[0].Formats);
    }

    [Theory]
    [InlineData(true, true, "96 nack|96 nack pli|96 ccm fir|96 transport-cc")]
    [InlineData(false, true, "96 nack|96 nack pli|96 ccm fir|96 goog-remb")] // transport-cc unusable without its extension
    [InlineData(true, false, "96 nack|96 nack pli|96 ccm fir|96 goog-remb")]
    public void GoogRemb_IsAnsweredOnlyWhenTransportCcIsNot(bool extension, bool transportCc, string expected)
    {
        var extra = new List<string> { "a=rtcp-fb:96 goog-remb", "a=rtcp-fb:* nack", "a=rtcp-fb:96 nack pli", "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:97 ccm tmmbr", "a=rtcp-fb:96 nack sli" };
        if (transportCc)
        {
            extra.Add("a=rtcp-fb:96 transport-cc");
        }

        if (extension)
        {
            extra.Add($"a=extmap:3 {RtpHeaderExtensionUris.TransportWideCc}");
        }

        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000", "97 VP9/90000"], extra)]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal(expected.Split('|'), answer.Description.Media[0].Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
    }

    [Fact]
    public void Extensions_KeepOfferedIdsReverseDirectionsAndDropWhatOnlyTheOffererReceives()
    {
        var extra = new[]
        {
            $"a=extmap:7/sendonly {RtpHeaderExtensionUris.TransportWideCc}",
            $"a=extmap:12/recvonly {RtpHeaderExtensionUris.AbsSendTime}",
            $"a=extmap:14 {RtpHeaderExtensionUris.SdesMid}",
            $"a=extmap:15 {RtpHeaderExtensionUris.PlayoutDelay}",
            $"a=extmap:14 {RtpHeaderExtensionUris.SdesRtpStreamId}", // id clash: the first wins
        };
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000"], extra)]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal(
            [$"7/recvonly {RtpHeaderExtensionUris.TransportWideCc}", $"14 {RtpHeaderExtensionUris.SdesMid}"],
            answer.Description.Media[0].Attributes.GetValues(SdpAttributeNames.Extmap));
        Assert.Equal((7, 14, null, null), (answer.Video!.TransportWideCcExtensionId, answer.Video.MidExtensionId, answer.Video.AbsSendTimeExtensionId, answer.Video.RidExtensionId));
    }

    [Fact]
    public void SessionLevelExtensions_ApplyWhenTheLineHasNone()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Opus("0")])
            .Replace("t=0 0\r\n", $"t=0 0\r\na=extmap:5 {RtpHeaderExtensionUris.SdesMid}\r\n", StringComparison.Ordinal);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal(5, answer.Audio!.MidExtensionId);
    }

    [Theory]
    [InlineData("111 opus/48000/2", true)]
    [InlineData("111 OPUS/48000/2", true)]
    [InlineData("111 opus/48000", false)] // RFC 7587 requires the /2
    [InlineData("111 opus/16000/2", false)]
    public void Audio_IsOpus48000Stereo(string rtpmap, bool accepted)
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Section("audio", "0", "sendrecv", [rtpmap])]);

        if (accepted)
        {
            Assert.Equal(111, WhipAnswerBuilder.Build(offer, WhipTestOptions.Create()).Audio!.PayloadType);
        }
        else
        {
            Assert.Equal(406, Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create())).StatusCode);
        }
    }

    [Fact]
    public void AudioOnlyServer_RefusesVideoAndNamesOnlyOpus()
    {
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000"])]);

        var error = Assert.Throws<SdpNegotiationException>(() => WhipAnswerBuilder.Build(offer, WhipTestOptions.Create() with { PreferredVideoCodecs = [] }));

        Assert.Contains("it takes Opus audio (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FidGroupsAndSsrcs_AreReportedPerLine()
    {
        var extra = new[] { "a=ssrc-group:FID 1 2", "a=ssrc-group:FID 3 4", "a=ssrc-group:SIM 1 3", "a=ssrc:1 cname:x", "a=ssrc:2 cname:x", "a=ssrc:1 msid:s t", "a=ssrc:3 cname:x", "a=ssrc:4 cname:x" };
        var offer = WhipTestOffers.Offer([WhipTestOffers.Video("0", ["96 VP8/90000"], extra), WhipTestOffers.Opus("1")]);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Equal([1u, 2u, 3u, 4u], answer.Video!.Ssrcs);
        Assert.Equal(new Dictionary<uint, uint> { [1] = 2, [3] = 4 }, answer.Video.RtxSsrcs);
        Assert.Empty(answer.Audio!.Ssrcs);
    }
}

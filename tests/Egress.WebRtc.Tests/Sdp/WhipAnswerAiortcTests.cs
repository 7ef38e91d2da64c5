using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Answers to aiortc 1.4 publishing a lavfi test pattern and sine tone (Fixtures/whip-aiortc.sdp).</summary>
/// <remarks>
/// Produced by generators/make-aiortc-whip-offer.py with addTrack, so both lines are sendrecv. aiortc gives each m-line its
/// own ICE credentials even under BUNDLE, offers no transport-cc, and declares its SSRCs.
/// </remarks>
public sealed class WhipAnswerAiortcTests
{
    private static readonly WhipAnswer Answer = WhipAnswerBuilder.Build(WhipFixtures.Load(WhipFixtures.Aiortc), WhipTestOptions.Create());

    private static readonly SdpSessionDescription Parsed = SdpSessionDescription.Parse(Answer.Sdp);

    [Fact]
    public void SendRecvLines_AreAnsweredRecvOnly()
    {
        Assert.All(Parsed.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Attributes.Direction));
        Assert.Equal(["0", "1"], Answer.BundleMids);
    }

    [Fact]
    public void Video_PicksConstrainedBaseline101OverBaseline99AndVp8()
    {
        // Offered: 97 VP8, 98 rtx, 99 H264 42001f, 100 rtx, 101 H264 42e01f, 102 rtx.
        var video = Answer.Video!;
        Assert.Equal(("0", 0, 101, "H264", 102), (video.Mid, video.Index, video.PayloadType, video.CodecName, video.RtxPayloadType));
        Assert.Equal("42e01f", video.FormatParameters["profile-level-id"]);
        Assert.Equal(["101", "102"], Parsed.Media[0].Formats);
    }

    [Fact]
    public void Video_AnswersGoogRembBecauseTransportCcIsNotOffered()
    {
        Assert.Equal(["101 nack", "101 nack pli", "101 goog-remb"], Parsed.Media[0].Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
        Assert.Equal(WhipRtcpFeedback.Nack | WhipRtcpFeedback.Pli | WhipRtcpFeedback.GoogRemb, Answer.Video!.Feedback);
        Assert.Null(Answer.Video.TransportWideCcExtensionId);
        Assert.Equal((1, 2), (Answer.Video.MidExtensionId, Answer.Video.AbsSendTimeExtensionId));
        Assert.False(Parsed.Media[0].Attributes.RtcpRsize);
    }

    [Fact]
    public void Video_ReportsSsrcAndFidPair()
    {
        Assert.Equal([2291848265u, 3507264066u], Answer.Video!.Ssrcs);
        Assert.Equal(new Dictionary<uint, uint> { [2291848265] = 3507264066 }, Answer.Video.RtxSsrcs);
    }

    [Fact]
    public void Audio_IsOpusWithoutFmtpOrFeedback()
    {
        var audio = Answer.Audio!;
        Assert.Equal(("1", 1, 96, "opus", 2), (audio.Mid, audio.Index, audio.PayloadType, audio.CodecName, audio.Channels));
        Assert.Empty(audio.FormatParameters);
        Assert.Equal(WhipRtcpFeedback.None, audio.Feedback);
        Assert.Equal([3722782648u], audio.Ssrcs);
        Assert.Equal(1, audio.MidExtensionId);
        Assert.Null(Parsed.Media[1].Attributes.GetFmtp(96));
        Assert.Equal([$"1 {RtpHeaderExtensionUris.SdesMid}"], Parsed.Media[1].Attributes.GetValues(SdpAttributeNames.Extmap));
    }

    [Fact]
    public void Transport_IsTheTaggedVideoLinesCredentials_NotTheAudioLines()
    {
        Assert.Equal("93oD", Answer.RemoteIceUfrag);
        Assert.Equal("LlBlKH7Fe2h36nMHO6AGgT", Answer.RemoteIcePwd);
        Assert.Single(Parsed.Media[0].Attributes.GetCandidates());
        Assert.Empty(Parsed.Media[1].Attributes.GetCandidates());
    }
}

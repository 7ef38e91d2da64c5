using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Answers to GStreamer 1.22 webrtcbin publishing H.264 and Opus (Fixtures/whip-gstreamer.sdp).</summary>
/// <remarks>
/// Produced by generators/make-gstreamer-whip-offer.py: x264enc constrained baseline + opusenc, sendonly, max-bundle, NACK/RTX
/// on video. webrtcbin puts the audio line at port 0 with a=bundle-only, offers transport-cc feedback without the
/// transport-wide-cc extension, and no header extensions at all.
/// </remarks>
public sealed class WhipAnswerGStreamerTests
{
    private static readonly WhipAnswer Answer = WhipAnswerBuilder.Build(WhipFixtures.Load(WhipFixtures.GStreamer), WhipTestOptions.Create());

    private static readonly SdpSessionDescription Parsed = SdpSessionDescription.Parse(Answer.Sdp);

    [Fact]
    public void Video_IsTheOnlyOfferedH264WithItsRtxAndOfferedProfile()
    {
        var video = Answer.Video!;
        Assert.Equal(("video0", 0, 96, 97), (video.Mid, video.Index, video.PayloadType, video.RtxPayloadType));
        Assert.Equal("42c01e", video.FormatParameters["profile-level-id"]);
        Assert.Equal("Z0LAHtoCgL/lwFqDAwNSgAAAAwCAAAAeR4sXUA==,aM48gA==", video.FormatParameters["sprop-parameter-sets"]);

        // The sender's parameter sets describe its stream; a recvonly answer does not repeat them.
        Assert.Equal(
            ["96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42c01e", "97 apt=96"],
            Parsed.Media[0].Attributes.GetValues(SdpAttributeNames.Fmtp));
    }

    [Fact]
    public void TransportCc_IsNotAnsweredWithoutTheExtension()
    {
        Assert.Equal(["96 nack", "96 nack pli", "96 ccm fir"], Parsed.Media[0].Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
        Assert.Equal(WhipRtcpFeedback.Nack | WhipRtcpFeedback.Pli | WhipRtcpFeedback.Fir, Answer.Video!.Feedback);
        Assert.Empty(Parsed.Media[1].Attributes.GetValues(SdpAttributeNames.RtcpFeedback));
        Assert.All(Parsed.Media, m => Assert.Empty(m.Attributes.GetExtmaps()));
        Assert.Null(Answer.Video.MidExtensionId);
    }

    [Fact]
    public void BundleOnlyAudio_IsAcceptedWithAPort()
    {
        var audio = Answer.Audio!;
        Assert.Equal(("audio1", 1, 111, "OPUS", 48000, 2), (audio.Mid, audio.Index, audio.PayloadType, audio.CodecName, audio.ClockRate, audio.Channels));
        Assert.Equal(40000, Parsed.Media[1].Port);
        Assert.False(Parsed.Media[1].Attributes.BundleOnly);
        Assert.Equal(["111 sprop-stereo=0;sprop-maxcapturerate=48000"], Parsed.Media[1].Attributes.GetValues(SdpAttributeNames.Fmtp));
        Assert.Equal(["video0", "audio1"], Answer.BundleMids);
    }

    [Fact]
    public void Ssrcs_AreReportedPerLine()
    {
        Assert.Equal([4183817061u, 3780919652u], Answer.Video!.Ssrcs);
        Assert.Equal(new Dictionary<uint, uint> { [4183817061] = 3780919652 }, Answer.Video.RtxSsrcs);
        Assert.Equal([3969777317u], Answer.Audio!.Ssrcs);
        Assert.Empty(Answer.Audio.RtxSsrcs);
    }

    [Fact]
    public void Transport_IsWebrtcbins()
    {
        Assert.Equal("vUxRjHoHwhiDlhE/+wJ4MpbDwBOO8lxF", Answer.RemoteIceUfrag);
        Assert.Equal("5w5qJCYV20G7KItM/zrezcPMktB+LAy/", Answer.RemoteIcePwd);
        Assert.StartsWith("FA:D8:08:5D", Answer.RemoteFingerprints.Single().Value, StringComparison.Ordinal);
    }
}

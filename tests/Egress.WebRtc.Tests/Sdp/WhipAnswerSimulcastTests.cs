using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

/// <summary>Answers to Chromium 156 publishing three simulcast encodings (Fixtures/whip-chromium-simulcast.sdp).</summary>
/// <remarks>
/// Produced by generators/make-chromium-whip-offer.py simulcast (rid h, m /2, l /4). Chromium declares no SSRCs for simulcast video.
/// </remarks>
public sealed class WhipAnswerSimulcastTests
{
    private static readonly string Offer = WhipFixtures.Load(WhipFixtures.ChromiumSimulcast);

    private static readonly WhipAnswer Answer = WhipAnswerBuilder.Build(Offer, WhipTestOptions.Create());

    [Fact]
    public void Rids_AreAnsweredRecvInOrderWithSimulcastRecv()
    {
        var section = SdpSessionDescription.Parse(Answer.Sdp).Media[1];

        var lines = section.Attributes.Where(a => a.Name is "rid" or "simulcast").Select(a => a.ToString());
        Assert.Equal(["rid:h recv", "rid:m recv", "rid:l recv", "simulcast:recv h;m;l"], lines);
        Assert.Equal(["h", "m", "l"], Answer.Video!.Rids);
    }

    [Fact]
    public void RidExtensions_AreKeptWithChromiumsIds()
    {
        var video = Answer.Video!;
        Assert.Equal(10, video.RidExtensionId);
        Assert.Equal(11, video.RepairedRidExtensionId);
        Assert.Equal(4, video.MidExtensionId);
        Assert.Equal((108, 109), (video.PayloadType, video.RtxPayloadType));
    }

    [Fact]
    public void SimulcastVideo_DeclaresNoSsrcs_AudioStillDoes()
    {
        Assert.Empty(Answer.Video!.Ssrcs);
        Assert.Empty(Answer.Video.RtxSsrcs);
        Assert.Equal([2249284691u], Answer.Audio!.Ssrcs);
        Assert.Empty(Answer.Audio.Rids);
    }

    [Theory]
    [InlineData("send h;m;l", "recv h;m;l", "h,m,l")]
    [InlineData("send h,m;l", "recv h,m;l", "h,m,l")]
    [InlineData("send h;~m;l", "recv h;~m;l", "h,m,l")]
    [InlineData("recv x send l;h", "recv l;h", "l,h")]
    [InlineData("send h;x;l", "recv h;l", "h,l")] // x has no a=rid line
    [InlineData("send h;h;l", "recv h;l", "h,l")]
    public void SimulcastVariants_KeepOrderAlternativesAndPausedMarkers(string offered, string answered, string rids)
    {
        var offer = Offer.Replace("a=simulcast:send h;m;l", $"a=simulcast:{offered}", StringComparison.Ordinal);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        var section = answer.Description.Media[1];
        Assert.Equal(answered, section.Attributes.GetValue(SdpAttributeNames.Simulcast));
        Assert.Equal(rids.Split(','), answer.Video!.Rids);
        Assert.Equal(rids.Split(',').Select(r => $"{r} recv"), section.Attributes.GetValues(SdpAttributeNames.Rid));
    }

    [Theory]
    [InlineData("a=simulcast:send h;m;l", "a=simulcast:recv h;m;l", "")] // the offerer wants to receive simulcast, not send it
    [InlineData("a=simulcast:send h;m;l", "a=simulcast:send rid=h;m;l", "")] // pre-RFC 8853 syntax is malformed now
    [InlineData("a=simulcast:send h;m;l", "a=simulcast:send h;m;l recv", "")]
    [InlineData("a=rid:h send", "a=rid:h recv", "recv m;l")] // h is declared, but not as something the offerer sends
    public void UnusableSimulcast_IsDroppedOrTrimmed_NeverRefused(string from, string to, string expected)
    {
        var answer = WhipAnswerBuilder.Build(Offer.Replace(from, to, StringComparison.Ordinal), WhipTestOptions.Create());

        var section = answer.Description.Media[1];
        Assert.Equal(expected.Length == 0 ? null : expected, section.Attributes.GetValue(SdpAttributeNames.Simulcast));
        Assert.Equal(expected.Length == 0 ? [] : ["m recv", "l recv"], section.Attributes.GetValues(SdpAttributeNames.Rid));
        Assert.Equal(expected.Length == 0 ? [] : ["m", "l"], answer.Video!.Rids);
        Assert.Equal(108, answer.Video.PayloadType);
    }

    [Fact]
    public void WithoutTheRidExtension_SimulcastIsLeftOutSoThePublisherSendsOneEncoding()
    {
        // Without rtp-stream-id in the packets (and no SSRCs in the offer) the layers could not be told apart.
        var offer = Offer.Replace("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n", string.Empty, StringComparison.Ordinal);

        var answer = WhipAnswerBuilder.Build(offer, WhipTestOptions.Create());

        Assert.Null(answer.Video!.RidExtensionId);
        Assert.Empty(answer.Video.Rids);
        Assert.False(answer.Description.Media[1].Attributes.Has(SdpAttributeNames.Simulcast));
    }
}

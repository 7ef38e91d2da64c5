using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class WhepAnswerInteropTests
{
    [Fact]
    public void FirefoxOffer_AudioFirst_IsAnsweredInOrderWithSessionLevelFingerprint()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Firefox));

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create());

        Assert.Equal(["audio", "video"], answer.Description.Media.Select(m => m.Media));
        Assert.Equal(["0", "1"], answer.Description.Media.Select(m => m.Mid));
        Assert.Equal(109, answer.Media[0].PayloadType);
        Assert.Equal(126, answer.Media[1].PayloadType);
        Assert.Equal("6b1e3a9c", answer.RemoteIceUfrag);
        Assert.StartsWith("5B:37", Assert.Single(answer.RemoteFingerprints).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void FirefoxOffer_AudioHasOnlyMidExtensionAndNoTransportCc()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Firefox));

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create());

        Assert.Equal([$"3 {RtpHeaderExtensionUris.SdesMid}"], answer.Description.Media[0].Attributes.GetValues(SdpAttributeNames.Extmap));
        Assert.False(answer.Media[0].TransportCc);
        Assert.False(answer.Description.Media[0].Attributes.RtcpRsize);
        Assert.Equal(7, answer.Media[1].TransportWideCcExtensionId);
        Assert.DoesNotContain(answer.Description.Media[1].Attributes.GetExtmaps(), e => e.Id == 6);
    }

    [Fact]
    public void GStreamerOffer_AcceptsBundleOnlyAudioAndUppercaseOpus()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.GStreamer));

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create());

        Assert.Equal(["video0", "audio1"], answer.BundleMids);
        Assert.Equal(96, answer.Media[0].PayloadType);
        Assert.Equal(111, answer.Media[1].PayloadType);
        Assert.Equal("111 OPUS/48000/2", answer.Description.Media[1].Attributes.GetValue(SdpAttributeNames.RtpMap));
        Assert.NotEqual(0, answer.Description.Media[1].Port);
        Assert.Null(answer.Media[0].MidExtensionId);
        Assert.True(answer.Media[0].NackPli);
        Assert.False(answer.Media[0].Nack);
        Assert.False(answer.Media[0].TransportCc);
    }

    [Fact]
    public void GStreamerOffer_VideoOnlyStream_RejectsBundleOnlyAudioWithTransportAttributesInScope()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.GStreamer));

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create(WhepTestOptions.Video()));

        // webrtcbin 1.22 validates ICE credentials, fingerprint and setup on every m-line, rejected ones included.
        var audio = answer.Description.Media[1];
        Assert.Equal(0, audio.Port);
        Assert.Equal("audio1", audio.Mid);
        Assert.Equal(WhepTestOptions.Ufrag, audio.Attributes.IceUfrag);
        Assert.Equal(SdpSetupRole.Passive, audio.Attributes.Setup);
        Assert.Single(audio.Attributes.GetFingerprints());
        Assert.Empty(audio.Attributes.GetCandidates());
        Assert.Equal(["video0"], answer.BundleMids);
    }

    [Fact]
    public void ActiveOffer_IsAnsweredPassive()
    {
        var text = SdpFixtures.Load(SdpFixtures.Chrome).Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal);

        var answer = WhepAnswerBuilder.Build(text, WhepTestOptions.Create());

        Assert.Equal(SdpSetupRole.Active, answer.RemoteSetup);
        Assert.All(answer.Description.Media, m => Assert.Equal(SdpSetupRole.Passive, m.Attributes.Setup));
    }

    [Fact]
    public void SendRecvOffer_IsAnsweredSendOnly()
    {
        var text = SdpFixtures.Load(SdpFixtures.Chrome).Replace("a=recvonly", "a=sendrecv", StringComparison.Ordinal);

        var answer = WhepAnswerBuilder.Build(text, WhepTestOptions.Create());

        Assert.All(answer.Description.Media, m => Assert.Equal(SdpDirection.SendOnly, m.Direction));
    }

    [Fact]
    public void IceLiteCanBeTurnedOff()
    {
        var offer = SdpSessionDescription.Parse(SdpFixtures.Load(SdpFixtures.Chrome));

        var answer = WhepAnswerBuilder.Build(offer, WhepTestOptions.Create() with { IceLite = false });

        Assert.False(answer.Description.Attributes.IceLite);
    }
}

using System.Net;
using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Tests.Sdp;

public sealed class SdpAttributeTests
{
    [Theory]
    [InlineData("111 opus/48000/2", 111, "opus", 48000, 2)]
    [InlineData("96 VP8/90000", 96, "VP8", 90000, null)]
    public void RtpMap_RoundTrips(string value, int pt, string name, int rate, int? channels)
    {
        var rtpMap = SdpRtpMap.Parse(value);

        Assert.Equal(new SdpRtpMap(pt, name, rate, channels), rtpMap);
        Assert.Equal(value, rtpMap.ToString());
    }

    [Theory]
    [InlineData("* nack", null, "nack", null)]
    [InlineData("96 nack pli", 96, "nack", "pli")]
    [InlineData("96 ccm fir", 96, "ccm", "fir")]
    [InlineData("111 transport-cc", 111, "transport-cc", null)]
    public void RtcpFeedback_RoundTrips(string value, int? pt, string type, string? parameter)
    {
        var feedback = SdpRtcpFeedback.Parse(value);

        Assert.Equal(new SdpRtcpFeedback(pt, type, parameter), feedback);
        Assert.Equal(value, feedback.ToString());
    }

    [Theory]
    [InlineData("2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", 2, null)]
    [InlineData("6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", 6, SdpDirection.RecvOnly)]
    public void Extmap_RoundTrips(string value, int id, SdpDirection? direction)
    {
        var extmap = SdpExtmap.Parse(value);

        Assert.Equal(id, extmap.Id);
        Assert.Equal(direction, extmap.Direction);
        Assert.Equal(value, extmap.ToString());
    }

    [Fact]
    public void Fmtp_ParsesCaseInsensitiveKeysAndKeepsRawText()
    {
        var fmtp = SdpFmtp.Parse("102 level-asymmetry-allowed=1; packetization-mode=1;profile-level-id=42001f");

        Assert.Equal(102, fmtp.PayloadType);
        Assert.Equal("42001f", fmtp.Get("Profile-Level-Id"));
        Assert.Equal("1", fmtp.Values["packetization-mode"]);
        Assert.Equal("102 level-asymmetry-allowed=1; packetization-mode=1;profile-level-id=42001f", fmtp.ToString());
        Assert.Equal("111 minptime=10;useinbandfec=1", SdpFmtp.Create(111, [new("minptime", "10"), new("useinbandfec", "1")]).ToString());
    }

    [Fact]
    public void Candidate_WithRelatedAddressAndExtensions_RoundTrips()
    {
        const string value = "842163049 1 udp 1677729535 198.51.100.7 53705 typ srflx raddr 192.0.2.2 rport 38467 generation 0 ufrag VonT network-cost 999";

        var candidate = SdpCandidate.Parse("candidate:" + value);

        Assert.Equal("srflx", candidate.Type);
        Assert.Equal("192.0.2.2", candidate.RelatedAddress);
        Assert.Equal(38467, candidate.RelatedPort);
        Assert.Equal(3, candidate.Extensions.Count);
        Assert.Equal(value, candidate.ToString());
    }

    [Fact]
    public void Candidate_CreateHost_UsesRfc8445Priority()
    {
        var candidate = SdpCandidate.CreateHost("1", IPAddress.Parse("2001:db8::1"), 5000);

        Assert.Equal(2130706431u, candidate.Priority);
        Assert.Equal("1 1 udp 2130706431 2001:db8::1 5000 typ host", candidate.ToString());
    }

    [Fact]
    public void Ssrc_SsrcGroup_Msid_Group_RoundTrip()
    {
        Assert.Equal(new SdpSsrc(1234, "msid", "stream track"), SdpSsrc.Parse("1234 msid:stream track"));
        Assert.Equal("1234 cname:x", new SdpSsrc(1234, "cname", "x").ToString());
        Assert.Equal([1u, 2u], SdpSsrcGroup.Parse("FID 1 2").Ssrcs);
        Assert.Equal(new SdpMsid("-", "track"), SdpMsid.Parse("- track"));
        Assert.Equal("BUNDLE 0 1", SdpGroup.Parse("BUNDLE 0 1").ToString());
        Assert.True(SdpGroup.Parse("bundle 0").IsBundle);
    }

    [Fact]
    public void Fingerprint_FromDigestAndMatches()
    {
        var digest = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

        var fingerprint = SdpFingerprint.FromDigest("sha-256", digest);

        Assert.StartsWith("sha-256 00:07:0E:15:", fingerprint.ToString(), StringComparison.Ordinal);
        Assert.True(fingerprint.Matches(digest));
        Assert.False(fingerprint.Matches(digest.Reverse().ToArray()));
        Assert.Equal(fingerprint, SdpFingerprint.Parse(fingerprint.ToString()));
    }

    [Theory]
    [InlineData("128 x/90000")]
    [InlineData("96 VP8")]
    [InlineData("96 VP8/0")]
    [InlineData("96VP8/90000")]
    public void RtpMap_RejectsMalformed(string value)
    {
        Assert.False(SdpRtpMap.TryParse(value, out _));
        Assert.Throws<FormatException>(() => SdpRtpMap.Parse(value));
    }
}

using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class TamperTests
{
    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void AnyFlippedRtpBitFailsAuthentication(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var wire = TestPackets.Protect(sender, TestPackets.Rtp(500, 42, TestPackets.Payload(40), csrcCount: 1, extensionWords: 1));

        for (var i = 0; i < wire.Length; i++)
        {
            var copy = wire.ToArray();
            copy[i] ^= 0x01;
            Assert.False(receiver.TryUnprotectRtp(copy, copy.Length, out _), $"byte {i}");
        }

        // Failures must leave the stream state untouched.
        Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void AnyFlippedRtcpBitFailsAuthentication(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var rtcp = TestPackets.Rtcp(42, 28);
        Assert.True(sender.TryProtectRtcp(rtcp, rtcp.Length - TestPackets.Spare, out var length));
        var wire = rtcp[..length];

        for (var i = 0; i < wire.Length; i++)
        {
            var copy = wire.ToArray();
            copy[i] ^= 0x01;
            Assert.False(receiver.TryUnprotectRtcp(copy, copy.Length, out _), $"byte {i}");
        }

        Assert.True(receiver.TryUnprotectRtcp(wire, wire.Length, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void WrongKeyFailsAuthentication(SrtpProtectionProfile profile)
    {
        using var sender = new SrtpContext(profile, TestPackets.MasterKey(profile, seed: 1));
        using var stranger = new SrtpContext(profile, TestPackets.MasterKey(profile, seed: 2));
        var wire = TestPackets.Protect(sender, TestPackets.Rtp(1, 1, TestPackets.Payload(16)));

        Assert.False(stranger.TryUnprotectRtp(wire, wire.Length, out _));
        Assert.Equal(0, stranger.StreamCount);
    }
}

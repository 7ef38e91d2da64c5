using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class ReplayTests
{
    private const uint Ssrc = 0x0BADCAFE;

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void DuplicateRtpIsRejected(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var wire = TestPackets.Protect(sender, TestPackets.Rtp(10, Ssrc, TestPackets.Payload(30)));

        Assert.True(receiver.TryUnprotectRtp(wire.ToArray(), wire.Length, out _));
        Assert.False(receiver.TryUnprotectRtp(wire.ToArray(), wire.Length, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void RtpWindowIsSixtyFourPackets(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var wire = new byte[200][];
        for (ushort sequence = 100; sequence < 200; sequence++)
        {
            wire[sequence] = TestPackets.Protect(sender, TestPackets.Rtp(sequence, Ssrc, TestPackets.Payload(8)));
        }

        Assert.True(receiver.TryUnprotectRtp(wire[164], wire[164].Length, out _));
        Assert.False(receiver.TryUnprotectRtp(wire[100], wire[100].Length, out _)); // 64 behind: too old
        Assert.True(receiver.TryUnprotectRtp(wire[101], wire[101].Length, out _)); // 63 behind: late but new
        Assert.True(receiver.TryUnprotectRtp(wire[163], wire[163].Length, out _));
        Assert.True(receiver.TryUnprotectRtp(wire[199], wire[199].Length, out _));
        Assert.False(receiver.TryUnprotectRtp(wire[135], wire[135].Length, out _)); // 64 behind 199
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void ForgedPacketDoesNotAdvanceTheWindow(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var early = TestPackets.Protect(sender, TestPackets.Rtp(1, Ssrc, TestPackets.Payload(8)));
        var forged = TestPackets.Protect(sender, TestPackets.Rtp(1000, Ssrc, TestPackets.Payload(8)));
        forged[^1] ^= 0x80;

        Assert.False(receiver.TryUnprotectRtp(forged, forged.Length, out _));
        Assert.True(receiver.TryUnprotectRtp(early, early.Length, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void DuplicateAndStaleRtcpAreRejected(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var wire = new List<byte[]>();
        for (var i = 0; i < 70; i++)
        {
            var rtcp = TestPackets.Rtcp(Ssrc, 20);
            Assert.True(sender.TryProtectRtcp(rtcp, rtcp.Length - TestPackets.Spare, out var length));
            wire.Add(rtcp[..length]);
        }

        Assert.True(receiver.TryUnprotectRtcp(wire[0].ToArray(), wire[0].Length, out _));
        Assert.False(receiver.TryUnprotectRtcp(wire[0].ToArray(), wire[0].Length, out _));
        Assert.True(receiver.TryUnprotectRtcp(wire[69].ToArray(), wire[69].Length, out _));
        Assert.False(receiver.TryUnprotectRtcp(wire[5].ToArray(), wire[5].Length, out _)); // 64 behind
        Assert.True(receiver.TryUnprotectRtcp(wire[6].ToArray(), wire[6].Length, out _));
    }
}

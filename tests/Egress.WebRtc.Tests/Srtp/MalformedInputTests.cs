using System.Buffers.Binary;
using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class MalformedInputTests
{
    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void ShortPacketsAreRejected(SrtpProtectionProfile profile)
    {
        using var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        var buffer = new byte[64];
        buffer[0] = 0x80;
        for (var length = 0; length < 12; length++)
        {
            Assert.False(context.TryProtectRtp(buffer, length, out _));
            Assert.False(context.TryUnprotectRtp(buffer, length, out _));
        }

        for (var length = 0; length < 12 + profile.AuthTagLength(); length++)
        {
            Assert.False(context.TryUnprotectRtp(buffer, length, out _));
        }

        for (var length = 0; length < 8; length++)
        {
            Assert.False(context.TryProtectRtcp(buffer, length, out _));
        }

        for (var length = 0; length < 8 + profile.SrtcpOverhead(); length++)
        {
            Assert.False(context.TryUnprotectRtcp(buffer, length, out _));
        }
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void CsrcCountBeyondPacketIsRejected(SrtpProtectionProfile profile)
    {
        using var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        var buffer = TestPackets.Rtp(1, 1, TestPackets.Payload(8));
        buffer[0] = 0x8F; // 15 CSRCs = 60 bytes, packet has 20

        Assert.False(context.TryProtectRtp(buffer, TestPackets.RtpLength(buffer), out _));
        Assert.False(context.TryUnprotectRtp(buffer, buffer.Length, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void ExtensionLengthBeyondPacketIsRejected(SrtpProtectionProfile profile)
    {
        using var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        var buffer = TestPackets.Rtp(1, 1, TestPackets.Payload(8), extensionWords: 1);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(14), 0xFFFF);

        Assert.False(context.TryProtectRtp(buffer, TestPackets.RtpLength(buffer), out _));
        Assert.False(context.TryUnprotectRtp(buffer, buffer.Length, out _));

        // X bit set but not even room for the extension header.
        var bare = new byte[12 + TestPackets.Spare];
        bare[0] = 0x90;
        Assert.False(context.TryProtectRtp(bare, 12, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void BadLengthArgumentsAreRejected(SrtpProtectionProfile profile)
    {
        using var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        var buffer = TestPackets.Rtp(1, 1, TestPackets.Payload(8));

        Assert.False(context.TryProtectRtp(buffer, -1, out _));
        Assert.False(context.TryProtectRtp(buffer, buffer.Length + 1, out _));
        Assert.False(context.TryUnprotectRtp(buffer, int.MinValue, out _));
        Assert.False(context.TryUnprotectRtcp(buffer, buffer.Length + 1, out _));
        Assert.False(context.TryProtectRtcp(buffer, -5, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void MissingRoomForTheTagIsRejected(SrtpProtectionProfile profile)
    {
        using var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        var buffer = TestPackets.Rtp(1, 1, TestPackets.Payload(8));
        var length = TestPackets.RtpLength(buffer);

        Assert.False(context.TryProtectRtp(buffer.AsSpan(0, length + profile.AuthTagLength() - 1), length, out _));
        Assert.False(context.TryProtectRtcp(buffer.AsSpan(0, length + profile.SrtcpOverhead() - 1), length, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void WrongVersionIsRejected(SrtpProtectionProfile profile)
    {
        using var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        var buffer = TestPackets.Rtp(1, 1, TestPackets.Payload(8));
        buffer[0] = 0x40;

        Assert.False(context.TryProtectRtp(buffer, TestPackets.RtpLength(buffer), out _));
        Assert.False(context.TryProtectRtcp(buffer, TestPackets.RtpLength(buffer), out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void DisposedContextReturnsFalse(SrtpProtectionProfile profile)
    {
        var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        context.Dispose();
        context.Dispose();
        var buffer = TestPackets.Rtp(1, 1, TestPackets.Payload(8));

        Assert.False(context.TryProtectRtp(buffer, TestPackets.RtpLength(buffer), out _));
        Assert.False(context.TryUnprotectRtp(buffer, buffer.Length, out _));
        Assert.False(context.TryProtectRtcp(buffer, TestPackets.RtpLength(buffer), out _));
        Assert.False(context.TryUnprotectRtcp(buffer, buffer.Length, out _));
    }

    [Fact]
    public void StreamLimitCapsNewSsrcs()
    {
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm;
        var key = TestPackets.MasterKey(profile);
        using var sender = new SrtpContext(profile, key, maxStreams: 2);

        Assert.True(sender.TryProtectRtp(TestPackets.Rtp(1, 1, []), 12, out _));
        Assert.True(sender.TryProtectRtp(TestPackets.Rtp(1, 2, []), 12, out _));
        Assert.False(sender.TryProtectRtp(TestPackets.Rtp(1, 3, []), 12, out _));
        Assert.True(sender.RemoveStream(1));
        Assert.True(sender.TryProtectRtp(TestPackets.Rtp(1, 3, []), 12, out _));
        Assert.Equal(2, sender.StreamCount);
    }
}

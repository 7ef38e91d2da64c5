using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class RolloverTests
{
    private const uint Ssrc = 0xA1B2C3D4;

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void SenderAndReceiverIncrementRocAcrossTheWrap(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        ushort[] sequences = [65533, 65534, 65535, 0, 1, 2];
        uint[] rocs = [0, 0, 0, 1, 1, 1];

        for (var i = 0; i < sequences.Length; i++)
        {
            var rtp = TestPackets.Rtp(sequences[i], Ssrc, TestPackets.Payload(100, (byte)i));
            var wire = TestPackets.Protect(sender, rtp);
            Assert.True(sender.TryGetRolloverCounter(Ssrc, sending: true, out var sendRoc));
            Assert.Equal(rocs[i], sendRoc);

            Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out var length));
            Assert.Equal(rtp[..TestPackets.RtpLength(rtp)], wire[..length]);
            Assert.True(receiver.TryGetRolloverCounter(Ssrc, sending: false, out var receiveRoc));
            Assert.Equal(rocs[i], receiveRoc);
        }
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void ReceiverHandlesReorderingAroundTheWrap(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        ushort[] sent = [65532, 65533, 65534, 65535, 0, 1, 2, 3];
        var plain = new Dictionary<ushort, byte[]>();
        var wire = new Dictionary<ushort, byte[]>();
        foreach (var sequence in sent)
        {
            var rtp = TestPackets.Rtp(sequence, Ssrc, TestPackets.Payload(64, (byte)sequence));
            plain[sequence] = rtp[..TestPackets.RtpLength(rtp)];
            wire[sequence] = TestPackets.Protect(sender, rtp);
        }

        foreach (var sequence in new ushort[] { 65532, 0, 65534, 1, 65533, 3, 65535, 2 })
        {
            var packet = wire[sequence];
            Assert.True(receiver.TryUnprotectRtp(packet, packet.Length, out var length), $"seq {sequence}");
            Assert.Equal(plain[sequence], packet[..length]);
        }

        Assert.True(receiver.TryGetRolloverCounter(Ssrc, sending: false, out var roc));
        Assert.Equal(1u, roc);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void SenderRetransmissionOfPreWrapPacketKeepsOldRoc(SrtpProtectionProfile profile)
    {
        using var sender = new SrtpContext(profile, TestPackets.MasterKey(profile));
        var before = TestPackets.Rtp(65535, Ssrc, TestPackets.Payload(50));
        var first = TestPackets.Protect(sender, before);
        TestPackets.Protect(sender, TestPackets.Rtp(0, Ssrc, TestPackets.Payload(50)));
        TestPackets.Protect(sender, TestPackets.Rtp(1, Ssrc, TestPackets.Payload(50)));

        var again = TestPackets.Protect(sender, before);

        Assert.Equal(first, again);
        Assert.True(sender.TryGetRolloverCounter(Ssrc, sending: true, out var roc));
        Assert.Equal(1u, roc);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void ManyWrapsStayInSync(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        ushort sequence = 60000;
        for (var i = 0; i < 3 * 65536 / 1000; i++, sequence += 1000)
        {
            var wire = TestPackets.Protect(sender, TestPackets.Rtp(sequence, Ssrc, TestPackets.Payload(20)));
            Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out _));
        }

        Assert.True(receiver.TryGetRolloverCounter(Ssrc, sending: false, out var roc));
        Assert.Equal(3u, roc);
    }
}

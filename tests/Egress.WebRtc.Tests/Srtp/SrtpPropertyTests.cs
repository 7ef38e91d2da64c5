using CsCheck;
using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class SrtpPropertyTests
{
    private static readonly Gen<SrtpProtectionProfile> Profile = Gen.Enum<SrtpProtectionProfile>();

    private static readonly Gen<(int Csrcs, int ExtensionWords, byte[] Payload, ushort Sequence, uint Ssrc)> RtpShape =
        Gen.Select(Gen.Int[0, 15], Gen.Int[-1, 20], Gen.Byte.Array[0, 1400], Gen.UShort, Gen.UInt);

    [Fact]
    public void RandomRtpRoundTrips()
    {
        Gen.Select(Profile, RtpShape).Sample((profile, shape) =>
        {
            var (sender, receiver) = TestPackets.Pair(profile);
            using var s = sender;
            using var r = receiver;
            var rtp = TestPackets.Rtp(shape.Sequence, shape.Ssrc, shape.Payload, shape.Csrcs, shape.ExtensionWords);
            var plainLength = TestPackets.RtpLength(rtp);
            var plain = rtp[..plainLength];

            Assert.True(sender.TryProtectRtp(rtp, plainLength, out var protectedLength));
            Assert.Equal(plainLength + profile.AuthTagLength(), protectedLength);
            Assert.True(receiver.TryUnprotectRtp(rtp, protectedLength, out var length));
            Assert.Equal(plain, rtp[..length]);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void RandomRtcpRoundTrips()
    {
        Gen.Select(Profile, Gen.Byte.Array[8, 1400], Gen.Int[0, 5]).Sample((profile, body, repeats) =>
        {
            var (sender, receiver) = TestPackets.Pair(profile);
            using var s = sender;
            using var r = receiver;
            body[0] = (byte)(0x80 | (body[0] & 0x3F));
            for (var i = 0; i <= repeats; i++)
            {
                var buffer = new byte[body.Length + TestPackets.Spare];
                body.CopyTo(buffer, 0);

                Assert.True(sender.TryProtectRtcp(buffer, body.Length, out var protectedLength));
                Assert.Equal(body.Length + profile.SrtcpOverhead(), protectedLength);
                Assert.True(receiver.TryUnprotectRtcp(buffer, protectedLength, out var length));
                Assert.Equal(body, buffer[..length]);
            }
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void RandomForwardWalksAcrossWrapsStayInSync()
    {
        Gen.Select(Profile, Gen.UShort, Gen.Int[1, 30000].Array[1, 40]).Sample((profile, start, steps) =>
        {
            var (sender, receiver) = TestPackets.Pair(profile);
            using var s = sender;
            using var r = receiver;
            var sequence = start;
            foreach (var step in steps)
            {
                sequence = (ushort)(sequence + step);
                var rtp = TestPackets.Rtp(sequence, 7, TestPackets.Payload(24, (byte)step));
                var plain = rtp[..TestPackets.RtpLength(rtp)];
                var wire = TestPackets.Protect(sender, rtp);

                Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out var length));
                Assert.Equal(plain, wire[..length]);
            }
        }, iter: 200, threads: 1);
    }
}

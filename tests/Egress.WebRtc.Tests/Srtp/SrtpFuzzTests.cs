using CsCheck;
using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

public class SrtpFuzzTests
{
    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void RandomBytesNeverThrowAndNeverAuthenticate(SrtpProtectionProfile profile)
    {
        using var context = new SrtpContext(profile, TestPackets.MasterKey(profile));
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[-2, 302], Gen.Bool).Sample((bytes, length, rtpLike) =>
        {
            if (rtpLike && bytes.Length > 0)
            {
                // Steer half the inputs past the version check so header parsing and crypto get exercised.
                bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F));
            }

            Assert.False(context.TryUnprotectRtp(bytes.ToArray(), length, out _));
            Assert.False(context.TryUnprotectRtcp(bytes.ToArray(), length, out _));
            context.TryProtectRtp(bytes.ToArray(), length, out _);
            context.TryProtectRtcp(bytes.ToArray(), length, out _);
        }, iter: 5000, threads: 1);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void MutatedGenuinePacketsNeverThrow(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = TestPackets.Pair(profile);
        using var s = sender;
        using var r = receiver;
        var genuine = TestPackets.Protect(sender, TestPackets.Rtp(9, 9, TestPackets.Payload(60), csrcCount: 2, extensionWords: 2));

        Gen.Select(Gen.Int[0, genuine.Length - 1], Gen.Byte, Gen.Int[0, genuine.Length]).Sample((at, value, length) =>
        {
            var copy = genuine.ToArray();
            if (copy[at] == value)
            {
                return;
            }

            copy[at] = value;
            Assert.False(receiver.TryUnprotectRtp(copy, length, out _));
        }, iter: 3000, threads: 1);
    }
}

using System.Security.Cryptography;
using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 full-packet answers. No RFC publishes one, so two independent sources are used:
/// (1) the interop vectors of libsrtp's srtp_driver (data only, RFC 3711 B.3 master key), and
/// (2) the TEST-ONLY <see cref="ReferenceSrtp"/> implementation built from the RFC formulas.
/// </summary>
public class AesCmHmacSha1KnownAnswerTests
{
    private const SrtpProtectionProfile Profile = SrtpProtectionProfile.AesCm128HmacSha1_80;
    private static readonly SrtpMasterKey Master = new(
        Hex.Parse("e1f97a0d3e018be0d64fa32c06de4139"), Hex.Parse("0ec675ad498afeebb6960b3aabe6"));

    [Fact]
    public void LibsrtpInteropSrtpVector()
    {
        using var sender = new SrtpContext(Profile, Master);
        var buffer = new byte[28 + 10];
        Hex.Parse("800f1234decafbadcafebabe abababababababababababababababab").CopyTo(buffer, 0);

        Assert.True(sender.TryProtectRtp(buffer, 28, out var length));

        Assert.Equal(
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb",
            Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void LibsrtpInteropSrtcpVector()
    {
        using var sender = new SrtpContext(Profile, Master);
        sender.SetNextSrtcpIndex(0xcafebabe, 1);
        var buffer = new byte[24 + 14];
        Hex.Parse("81c8000bcafebabe abababababababababababababababab").CopyTo(buffer, 0);

        Assert.True(sender.TryProtectRtcp(buffer, 24, out var length));

        Assert.Equal(
            "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798",
            Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void LibsrtpInteropVectorsUnprotect()
    {
        using var receiver = new SrtpContext(Profile, Master);
        var srtp = Hex.Parse("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
        var srtcp = Hex.Parse("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

        Assert.True(receiver.TryUnprotectRtp(srtp, srtp.Length, out var rtpLength));
        Assert.True(receiver.TryUnprotectRtcp(srtcp, srtcp.Length, out var rtcpLength));

        Assert.Equal("800f1234decafbadcafebabeabababababababababababababababab", Hex.Of(srtp.AsSpan(0, rtpLength)));
        Assert.Equal("81c8000bcafebabeabababababababababababababababab", Hex.Of(srtcp.AsSpan(0, rtcpLength)));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(3, -1, 17)]
    [InlineData(0, 2, 1200)]
    [InlineData(15, 5, 1)]
    public void SrtpMatchesReferenceAcrossRolloverAndHeaderShapes(int csrcCount, int extensionWords, int payloadLength)
    {
        var rtpKeys = SrtpKeyDerivation.DeriveSrtp(Profile, Master);
        using var sender = new SrtpContext(Profile, Master);
        ushort[] sequences = [65534, 65535, 0, 1];
        uint[] expectedRoc = [0, 0, 1, 1];

        for (var i = 0; i < sequences.Length; i++)
        {
            var rtp = TestPackets.Rtp(sequences[i], 0x11223344, TestPackets.Payload(payloadLength, (byte)i), csrcCount, extensionWords);
            var plain = rtp[..TestPackets.RtpLength(rtp)];
            var headerLength = plain.Length - payloadLength;

            var expected = ReferenceSrtp.ProtectRtp(
                rtpKeys.EncryptionKey.ToArray(), rtpKeys.Salt.ToArray(), rtpKeys.AuthenticationKey.ToArray(),
                plain, headerLength, expectedRoc[i]);

            Assert.Equal(Hex.Of(expected), Hex.Of(TestPackets.Protect(sender, rtp)));
        }
    }

    [Fact]
    public void SrtcpMatchesReference()
    {
        var rtcpKeys = SrtpKeyDerivation.DeriveSrtcp(Profile, Master);
        using var sender = new SrtpContext(Profile, Master);

        for (uint index = 0; index < 3; index++)
        {
            var rtcp = TestPackets.Rtcp(0xdeadbeef, 52);
            var plainLength = rtcp.Length - TestPackets.Spare;
            var expected = ReferenceSrtp.ProtectRtcp(
                rtcpKeys.EncryptionKey.ToArray(), rtcpKeys.Salt.ToArray(), rtcpKeys.AuthenticationKey.ToArray(),
                rtcp[..plainLength], index);

            Assert.True(sender.TryProtectRtcp(rtcp, plainLength, out var length));
            Assert.Equal(Hex.Of(expected), Hex.Of(rtcp.AsSpan(0, length)));
        }
    }

    [Fact]
    public void UnencryptedSrtcpIsAuthenticatedButNotDecrypted()
    {
        var rtcpKeys = SrtpKeyDerivation.DeriveSrtcp(Profile, Master);
        using var receiver = new SrtpContext(Profile, Master);
        var plain = TestPackets.Rtcp(0xcafebabe, 24)[..32];
        byte[] authenticated = [.. plain, 0x00, 0x00, 0x00, 0x07]; // E = 0, index 7
        var tag = HMACSHA1.HashData(rtcpKeys.AuthenticationKey.ToArray(), authenticated)[..10];
        byte[] wire = [.. authenticated, .. tag];

        Assert.True(receiver.TryUnprotectRtcp(wire, wire.Length, out var length));

        Assert.Equal(plain, wire[..length]);
    }
}

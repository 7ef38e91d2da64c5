using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

/// <summary>RFC 7714 §16.1 and §17 AEAD_AES_128_GCM vectors, byte for byte. The RFC gives session keys, so these
/// contexts are built below key derivation.</summary>
public class Rfc7714VectorTests
{
    private const string Key = "000102030405060708090a0b0c0d0e0f";
    private const string Salt = "517569642070726f2071756f";

    private const string RtpPlain =
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";

    // §16.1.1 "Encrypted and tagged packet".
    private const string RtpProtected =
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf " +
        "8833899d 7f27beb1 6a9152cf 765ee439 0cce";

    private const string RtcpPlain =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    // §17.1 "Encrypted and tagged packet" (SRTCP index 000005d4).
    private const string RtcpProtected =
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded " +
        "0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4";

    // §17.3 "Tagged packet" (E flag clear).
    private const string RtcpTaggedOnly =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef " +
        "deadbeef 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4";

    [Fact]
    public void Section16RtpIv()
    {
        var nonce = new byte[12];
        AesGcmTransform.BuildRtpNonce(Hex.Parse(Salt), 0x5501a0b2, 0xf17b, nonce);
        Assert.Equal("51753c6580c2726f20718414", Hex.Of(nonce));
    }

    [Fact]
    public void Section17RtcpIv()
    {
        var nonce = new byte[12];
        AesGcmTransform.BuildRtcpNonce(Hex.Parse(Salt), 0x4d617273, 0x5d4, nonce);
        Assert.Equal("517524055203726f207170bb", Hex.Of(nonce));
    }

    [Fact]
    public void Section16_1_1_SrtpEncryption()
    {
        using var context = Context();
        var plain = Hex.Parse(RtpPlain);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        Assert.True(context.TryProtectRtp(buffer, plain.Length, out var length));

        Assert.Equal(Hex.Of(Hex.Parse(RtpProtected)), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Section16_1_2_SrtpDecryption()
    {
        using var context = Context();
        var packet = Hex.Parse(RtpProtected);

        Assert.True(context.TryUnprotectRtp(packet, packet.Length, out var length));

        Assert.Equal(Hex.Of(Hex.Parse(RtpPlain)), Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void Section17_1_SrtcpEncryption()
    {
        using var context = Context();
        context.SetNextSrtcpIndex(0x4d617273, 0x5d4);
        var plain = Hex.Parse(RtcpPlain);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);

        Assert.True(context.TryProtectRtcp(buffer, plain.Length, out var length));

        Assert.Equal(Hex.Of(Hex.Parse(RtcpProtected)), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Section17_1_SrtcpDecryption()
    {
        using var context = Context();
        var packet = Hex.Parse(RtcpProtected);

        Assert.True(context.TryUnprotectRtcp(packet, packet.Length, out var length));

        Assert.Equal(Hex.Of(Hex.Parse(RtcpPlain)), Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void Section17_3_UnencryptedSrtcpIsVerifiedAndReturnedUnchanged()
    {
        using var context = Context();
        var packet = Hex.Parse(RtcpTaggedOnly);

        Assert.True(context.TryUnprotectRtcp(packet, packet.Length, out var length));

        Assert.Equal(Hex.Of(Hex.Parse(RtcpPlain)), Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void Section17_3_TamperedUnencryptedSrtcpIsRejected()
    {
        using var context = Context();
        var packet = Hex.Parse(RtcpTaggedOnly);
        packet[20] ^= 1;

        Assert.False(context.TryUnprotectRtcp(packet, packet.Length, out _));
    }

    private static SrtpContext Context()
    {
        var keys = new SrtpSessionKeys(Hex.Parse(Key), [], Hex.Parse(Salt));
        return new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, keys, keys);
    }
}

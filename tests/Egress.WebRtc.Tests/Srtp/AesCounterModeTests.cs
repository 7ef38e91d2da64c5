using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

/// <summary>RFC 3711 Appendix B.2 (AES-CM test vectors; the brief's "B.1" - B.1 is AES-f8).</summary>
public class AesCounterModeTests
{
    [Fact]
    public void Rfc3711B2KeystreamBlocks()
    {
        var sessionKey = Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C");
        var sessionSalt = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        var iv = new byte[16];
        AesCmHmacSha1Transform.BuildIv(sessionSalt, ssrc: 0, index: 0, iv);
        Assert.Equal("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000", Hex.Of(iv));

        // Encrypting zeros exposes the raw keystream; 0xFF02 blocks reach the RFC's last listed counter.
        var keystream = new byte[0xFF02 * 16];
        using (var cipher = new AesCounterMode(sessionKey))
        {
            cipher.Transform(iv, keystream);
        }

        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", Block(keystream, 0x0000));
        Assert.Equal("d23513162b02d0f72a43a2fe4a5f97ab", Block(keystream, 0x0001));
        Assert.Equal("41e95b3bb0a2e8dd477901e4fca894c0", Block(keystream, 0x0002));
        Assert.Equal("ec8cdf7398607cb0f2d21675ea9ea1e4", Block(keystream, 0xFEFF));
        Assert.Equal("362b7c3c6773516318a077d7fc5073ae", Block(keystream, 0xFF00));
        Assert.Equal("6a2cc3787889374fbeb4c81b17ba6c44", Block(keystream, 0xFF01));
    }

    [Fact]
    public void UnalignedLengthsMatchTheFullKeystreamPrefix()
    {
        var key = TestPackets.Payload(16, seed: 3);
        var iv = TestPackets.Payload(16, seed: 200);
        var full = new byte[5000];
        using var cipher = new AesCounterMode(key);
        cipher.Transform(iv, full);

        foreach (var length in new[] { 1, 15, 17, 31, 33, 2047, 2049, 4097 })
        {
            var partial = new byte[length];
            cipher.Transform(iv, partial);
            Assert.Equal(full[..length], partial);
        }
    }

    [Fact]
    public void CounterCarriesAcrossSixtyFourBits()
    {
        var key = TestPackets.Payload(16, seed: 5);
        var iv = Hex.Parse("0000000000000001ffffffffffffffff");
        var stream = new byte[32];
        using var cipher = new AesCounterMode(key);
        cipher.Transform(iv, stream);

        var second = new byte[16];
        cipher.Transform(Hex.Parse("00000000000000020000000000000000"), second);
        Assert.Equal(second, stream[16..]);
    }

    private static string Block(byte[] keystream, int block) => Hex.Of(keystream.AsSpan(block * 16, 16));
}

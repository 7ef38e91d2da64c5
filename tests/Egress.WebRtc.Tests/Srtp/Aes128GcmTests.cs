using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using CsCheck;
using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

/// <summary>The hardware AES-128-GCM against NIST's vectors and, over random inputs, against the platform's AesGcm.</summary>
public class Aes128GcmTests
{
    [Fact]
    public void HardwarePathIsChosenWhereTheCpuHasIt()
    {
        // The figures in docs/benchmarks.md are for the hardware path; elsewhere the platform's AesGcm serves.
        using var gcm = Aes128Gcm.Create(new byte[16]);
        if (Aes128Gcm.IsHardwareAccelerated)
        {
            Assert.IsType<X86Aes128Gcm>(gcm);
        }
        else
        {
            Assert.IsType<PlatformAes128Gcm>(gcm);
        }
    }

    // NIST GCM test cases 3 and 4 (McGrew & Viega, "The Galois/Counter Mode of Operation", appendix B).
    private const string Key = "feffe9928665731c6d6a8f9467308308";
    private const string Nonce = "cafebabefacedbaddecaf888";

    private const string Plaintext =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

    private const string Ciphertext =
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";

    [Fact]
    public void MatchesNistTestCaseFourWithAad()
    {
        using var gcm = Aes128Gcm.Create(Hex.Parse(Key));
        var data = Hex.Parse(Plaintext);
        var tag = new byte[16];
        gcm.Encrypt(Hex.Parse(Nonce), data, tag, Hex.Parse("feedfacedeadbeeffeedfacedeadbeefabaddad2"));

        Assert.Equal(Ciphertext, Hex.Of(data));
        Assert.Equal("5bc94fbc3221a5db94fae95ae7121a47", Hex.Of(tag));
    }

    [Fact]
    public void MatchesNistTestCaseThreeWithoutAad()
    {
        using var gcm = Aes128Gcm.Create(Hex.Parse(Key));
        var data = Hex.Parse(Plaintext + "1aafd255");
        var tag = new byte[16];
        gcm.Encrypt(Hex.Parse(Nonce), data, tag, []);

        Assert.Equal(Ciphertext + "473f5985", Hex.Of(data));
        Assert.Equal("4d5c2af327cd64a62cf35abd2ba6fab4", Hex.Of(tag));
    }

    [Fact]
    public void EmptyInputGivesTheKnownTag()
    {
        // NIST test case 1: zero key, zero nonce, nothing to encrypt or authenticate.
        using var gcm = Aes128Gcm.Create(new byte[16]);
        var tag = new byte[16];
        gcm.Encrypt(new byte[12], [], tag, []);
        Assert.Equal("58e2fccefa7e3061367f1d57a4e7455a", Hex.Of(tag));
    }

    [Fact]
    public void AgreesWithThePlatformOverRandomInputs()
    {
        Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[12], Gen.Byte.Array[0, 1600], Gen.Byte.Array[0, 80]).Sample((key, nonce, plain, aad) =>
        {
            using var platform = new AesGcm(key, 16);
            var expected = new byte[plain.Length];
            var expectedTag = new byte[16];
            platform.Encrypt(nonce, plain, expected, expectedTag, aad);

            using var ours = Aes128Gcm.Create(key);
            var data = (byte[])plain.Clone();
            var tag = new byte[16];
            ours.Encrypt(nonce, data, tag, aad);
            Assert.Equal(Hex.Of(expected), Hex.Of(data));
            Assert.Equal(Hex.Of(expectedTag), Hex.Of(tag));

            Assert.True(ours.TryDecrypt(nonce, data, tag, aad));
            Assert.Equal(plain, data);
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void AnyFlippedBitIsRefusedAndLeavesTheDataAlone()
    {
        Gen.Select(Gen.Byte.Array[1, 300], Gen.Byte.Array[0, 40], Gen.Int[0, 2], Gen.Int[0, int.MaxValue]).Sample((plain, aad, part, position) =>
        {
            var key = RandomNumberGenerator.GetBytes(16);
            var nonce = RandomNumberGenerator.GetBytes(12);
            using var gcm = Aes128Gcm.Create(key);
            var data = (byte[])plain.Clone();
            var tag = new byte[16];
            gcm.Encrypt(nonce, data, tag, aad);
            var sealedData = (byte[])data.Clone();

            var target = part switch
            {
                0 => data,
                1 => tag,
                _ => aad.Length > 0 ? aad : tag,
            };
            target[position % target.Length] ^= (byte)(1 << (position % 8));

            Assert.False(gcm.TryDecrypt(nonce, data, tag, aad));
            if (!ReferenceEquals(target, data))
            {
                Assert.Equal(sealedData, data);
            }
        }, iter: 1000, threads: 1);
    }

    [Fact]
    public void EightBlockHashingAgreesWithBlockByBlock()
    {
        // The aggregated reduction (powers of H, one fold for eight blocks) against the plain Horner steps.
        Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[16], Gen.Byte.Array[128]).Sample((subkey, start, blocks) =>
        {
            var key = GhashKey.Create(Vector128.Create(subkey));
            var hash = Vector128.Create(start).AsUInt64();
            var expected = hash;
            for (var i = 0; i < 8; i++)
            {
                expected = key.Update(expected, blocks.AsSpan(16 * i, 16));
            }

            Assert.Equal(expected, key.UpdateEight(hash, ref blocks[0]));
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void WrongSizesAreRefusedWithTheReason()
    {
        var tooShort = Assert.Throws<ArgumentException>(() => Aes128Gcm.Create(new byte[15]));
        Assert.Contains("16-byte key", tooShort.Message, StringComparison.Ordinal);

        using var gcm = Aes128Gcm.Create(new byte[16]);
        var nonce = Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[8], new byte[4], new byte[16], []));
        Assert.Contains("12-byte nonce", nonce.Message, StringComparison.Ordinal);
        Assert.False(gcm.TryDecrypt(new byte[12], new byte[4], new byte[15], []));
    }
}

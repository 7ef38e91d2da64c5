using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Egress.WebRtc.Srtp;

/// <summary>AES-128-GCM with a 12-byte nonce and a 16-byte tag, working in place, as SRTP's AEAD profile uses it.</summary>
/// <remarks>
/// Every packet to every viewer is sealed here, so the cost per call matters more than the bulk rate. The platform
/// <see cref="AesGcm"/> spends more time in OpenSSL's per-call bookkeeping (error queue, parameter lookups, frees)
/// than in the cipher for a 1200-byte packet; on x86 with AES-NI and PCLMULQDQ the cipher runs here instead.
/// </remarks>
internal abstract class Aes128Gcm : IDisposable
{
    public const int KeyLength = 16;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>True where the hardware path is used; elsewhere the platform's AesGcm does the work.</summary>
    public static bool IsHardwareAccelerated => System.Runtime.Intrinsics.X86.Aes.IsSupported && Pclmulqdq.IsSupported && Ssse3.IsSupported;

    public static Aes128Gcm Create(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"AES-128-GCM needs a {KeyLength}-byte key, got {key.Length}.", nameof(key));
        }

        return IsHardwareAccelerated ? new X86Aes128Gcm(key) : new PlatformAes128Gcm(key);
    }

    /// <summary>Encrypts <paramref name="data"/> in place and writes the tag that authenticates <paramref name="aad"/> and the ciphertext.</summary>
    public abstract void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> aad);

    /// <summary>Checks the tag and only then decrypts <paramref name="data"/> in place; false leaves it untouched.</summary>
    public abstract bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad);

    public abstract void Dispose();
}

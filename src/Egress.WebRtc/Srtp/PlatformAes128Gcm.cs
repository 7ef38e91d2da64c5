using System.Security.Cryptography;

namespace Egress.WebRtc.Srtp;

/// <summary>AES-128-GCM through the platform's <see cref="AesGcm"/>, for machines without AES-NI and PCLMULQDQ.</summary>
internal sealed class PlatformAes128Gcm(ReadOnlySpan<byte> key) : Aes128Gcm
{
    private readonly AesGcm _gcm = new(key, TagLength);

    public override void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> aad) =>
        _gcm.Encrypt(nonce, data, data, tag, aad);

    public override bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        // AesGcm offers no non-throwing decrypt; a forged packet therefore costs an exception. Replay and length
        // checks run first so only packets that could be genuine get this far.
        try
        {
            _gcm.Decrypt(nonce, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public override void Dispose() => _gcm.Dispose();
}

using System.Security.Cryptography;

namespace Egress.WebRtc.Srtp;

/// <summary>Session keys derived for one of SRTP or SRTCP (RFC 3711 §4.3).</summary>
public sealed class SrtpSessionKeys
{
    private readonly byte[] _encryptionKey;
    private readonly byte[] _authenticationKey;
    private readonly byte[] _salt;

    /// <summary>Copies the given session keys; <paramref name="authenticationKey"/> is empty for AEAD profiles.</summary>
    public SrtpSessionKeys(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> authenticationKey, ReadOnlySpan<byte> salt)
    {
        _encryptionKey = encryptionKey.ToArray();
        _authenticationKey = authenticationKey.ToArray();
        _salt = salt.ToArray();
    }

    /// <summary>Session encryption key (k_e).</summary>
    public ReadOnlySpan<byte> EncryptionKey => _encryptionKey;

    /// <summary>Session authentication key (k_a); empty for AEAD profiles.</summary>
    public ReadOnlySpan<byte> AuthenticationKey => _authenticationKey;

    /// <summary>Session salt (k_s).</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>Wipes the keys once the ciphers hold their own copies.</summary>
    internal void Clear()
    {
        CryptographicOperations.ZeroMemory(_encryptionKey);
        CryptographicOperations.ZeroMemory(_authenticationKey);
        CryptographicOperations.ZeroMemory(_salt);
    }
}

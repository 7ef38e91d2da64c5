using System.Security.Cryptography;

namespace Egress.WebRtc.Srtp;

/// <summary>RFC 3711 §4.3 AES-CM key derivation with a key derivation rate of zero.</summary>
public static class SrtpKeyDerivation
{
    /// <summary>Label for the SRTP encryption key.</summary>
    public const byte SrtpEncryptionLabel = 0x00;

    /// <summary>Label for the SRTP authentication key.</summary>
    public const byte SrtpAuthenticationLabel = 0x01;

    /// <summary>Label for the SRTP salt.</summary>
    public const byte SrtpSaltLabel = 0x02;

    /// <summary>Label for the SRTCP encryption key.</summary>
    public const byte SrtcpEncryptionLabel = 0x03;

    /// <summary>Label for the SRTCP authentication key.</summary>
    public const byte SrtcpAuthenticationLabel = 0x04;

    /// <summary>Label for the SRTCP salt.</summary>
    public const byte SrtcpSaltLabel = 0x05;

    private const int BlockSize = 16;
    private const int MaxSaltLength = 14;
    private const int LabelOffset = 7;

    /// <summary>Derives the SRTP session keys (labels 0, 1, 2).</summary>
    public static SrtpSessionKeys DeriveSrtp(SrtpProtectionProfile profile, SrtpMasterKey master)
    {
        ArgumentNullException.ThrowIfNull(master);
        return Derive(profile, master, SrtpEncryptionLabel, SrtpAuthenticationLabel, SrtpSaltLabel);
    }

    /// <summary>Derives the SRTCP session keys (labels 3, 4, 5).</summary>
    public static SrtpSessionKeys DeriveSrtcp(SrtpProtectionProfile profile, SrtpMasterKey master)
    {
        ArgumentNullException.ThrowIfNull(master);
        return Derive(profile, master, SrtcpEncryptionLabel, SrtcpAuthenticationLabel, SrtcpSaltLabel);
    }

    /// <summary>Fills <paramref name="destination"/> with PRF_n(k_master, x) for one label (KDR 0, so r = 0).</summary>
    public static void DeriveKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> destination)
    {
        if (masterKey.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("Master key must be an AES key length.", nameof(masterKey));
        }

        if (masterSalt.Length > MaxSaltLength)
        {
            throw new ArgumentException("Master salt must be at most 14 bytes.", nameof(masterSalt));
        }

        if (destination.IsEmpty)
        {
            return;
        }

        // The salt is placed from the first byte and the label at byte 7, as libsrtp and every browser do.
        // For the 14-byte salt this is exactly RFC 3711's right alignment; for the 12-byte GCM salt it is the
        // interoperable reading of RFC 7714 §11 (the salt is zero-padded to 112 bits on the right).
        var blocks = (destination.Length + BlockSize - 1) / BlockSize;
        var counters = new byte[blocks * BlockSize];
        masterSalt.CopyTo(counters);
        counters[LabelOffset] ^= label;
        for (var i = 1; i < blocks; i++)
        {
            counters.AsSpan(0, BlockSize).CopyTo(counters.AsSpan(i * BlockSize));
            counters[(i * BlockSize) + BlockSize - 2] = (byte)(i >> 8);
            counters[(i * BlockSize) + BlockSize - 1] = (byte)i;
        }

        using var aes = Aes.Create();
        aes.SetKey(masterKey);
        var keystream = aes.EncryptEcb(counters, PaddingMode.None);
        keystream.AsSpan(0, destination.Length).CopyTo(destination);
        CryptographicOperations.ZeroMemory(keystream);
        CryptographicOperations.ZeroMemory(counters);
    }

    private static SrtpSessionKeys Derive(
        SrtpProtectionProfile profile, SrtpMasterKey master, byte encryptionLabel, byte authLabel, byte saltLabel)
    {
        if (master.Key.Length != profile.MasterKeyLength() || master.Salt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"Master key or salt length does not match {profile}.", nameof(master));
        }

        Span<byte> encryptionKey = stackalloc byte[profile.MasterKeyLength()];
        Span<byte> authKey = stackalloc byte[profile.AuthKeyLength()];
        Span<byte> salt = stackalloc byte[profile.MasterSaltLength()];
        DeriveKey(master.Key, master.Salt, encryptionLabel, encryptionKey);
        DeriveKey(master.Key, master.Salt, authLabel, authKey);
        DeriveKey(master.Key, master.Salt, saltLabel, salt);
        var keys = new SrtpSessionKeys(encryptionKey, authKey, salt);
        CryptographicOperations.ZeroMemory(encryptionKey);
        CryptographicOperations.ZeroMemory(authKey);
        return keys;
    }
}

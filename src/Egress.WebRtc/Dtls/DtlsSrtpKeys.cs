using System.Security.Cryptography;

namespace Egress.WebRtc.Dtls;

/// <summary>SRTP master keys and salts exported from a completed DTLS-SRTP handshake (RFC 5764 §4.2).</summary>
public sealed class DtlsSrtpKeys
{
    /// <summary>Exporter label fixed by RFC 5764 §4.2.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private DtlsSrtpKeys(ushort profileId, byte[] clientWriteKey, byte[] serverWriteKey, byte[] clientWriteSalt, byte[] serverWriteSalt)
    {
        ProfileId = profileId;
        ClientWriteKey = clientWriteKey;
        ServerWriteKey = serverWriteKey;
        ClientWriteSalt = clientWriteSalt;
        ServerWriteSalt = serverWriteSalt;
    }

    /// <summary>Negotiated protection profile, e.g. <see cref="DtlsSrtpProfiles.AeadAes128Gcm"/>.</summary>
    public ushort ProfileId { get; }

    /// <summary>Master key protecting what the DTLS client (the browser) sends.</summary>
    public byte[] ClientWriteKey { get; }

    /// <summary>Master key protecting what the DTLS server (we) send.</summary>
    public byte[] ServerWriteKey { get; }

    /// <summary>Master salt for what the DTLS client sends.</summary>
    public byte[] ClientWriteSalt { get; }

    /// <summary>Master salt for what the DTLS server sends.</summary>
    public byte[] ServerWriteSalt { get; }

    /// <summary>Length of exporter output needed for <paramref name="profile"/>: 2 × (key + salt).</summary>
    public static int MaterialLength(ushort profile) =>
        2 * (DtlsSrtpProfiles.KeyLength(profile) + DtlsSrtpProfiles.SaltLength(profile));

    /// <summary>Splits exporter output laid out as client_key | server_key | client_salt | server_salt.</summary>
    public static DtlsSrtpKeys FromKeyingMaterial(ushort profile, ReadOnlySpan<byte> material)
    {
        var keyLength = DtlsSrtpProfiles.KeyLength(profile);
        var saltLength = DtlsSrtpProfiles.SaltLength(profile);
        if (material.Length != MaterialLength(profile))
        {
            throw new ArgumentException($"Expected {MaterialLength(profile)} bytes of keying material, got {material.Length}.", nameof(material));
        }

        return new DtlsSrtpKeys(
            profile,
            material[..keyLength].ToArray(),
            material.Slice(keyLength, keyLength).ToArray(),
            material.Slice(2 * keyLength, saltLength).ToArray(),
            material.Slice(2 * keyLength + saltLength, saltLength).ToArray());
    }

    /// <summary>Zeroes all key and salt arrays once the SRTP contexts have copied them.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(ClientWriteKey);
        CryptographicOperations.ZeroMemory(ServerWriteKey);
        CryptographicOperations.ZeroMemory(ClientWriteSalt);
        CryptographicOperations.ZeroMemory(ServerWriteSalt);
    }
}

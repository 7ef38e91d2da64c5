namespace Egress.WebRtc.Dtls;

/// <summary>The SRTP protection profiles we negotiate via use_srtp (RFC 5764, RFC 7714), in our preference order.</summary>
public static class DtlsSrtpProfiles
{
    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714): 16-byte key, 12-byte salt.</summary>
    public const ushort AeadAes128Gcm = 0x0007;

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764): 16-byte key, 14-byte salt.</summary>
    public const ushort Aes128CmHmacSha1_80 = 0x0001;

    /// <summary>Profiles we accept, most preferred first.</summary>
    public static IReadOnlyList<ushort> Preference { get; } = [AeadAes128Gcm, Aes128CmHmacSha1_80];

    /// <summary>Master key length in bytes for <paramref name="profile"/>.</summary>
    public static int KeyLength(ushort profile) => profile switch
    {
        AeadAes128Gcm or Aes128CmHmacSha1_80 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Master salt length in bytes for <paramref name="profile"/>.</summary>
    public static int SaltLength(ushort profile) => profile switch
    {
        AeadAes128Gcm => 12,
        Aes128CmHmacSha1_80 => 14,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    /// <summary>Human-readable profile name for logs and failure reasons.</summary>
    public static string Name(int profile) => profile switch
    {
        AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        Aes128CmHmacSha1_80 => "SRTP_AES128_CM_HMAC_SHA1_80",
        _ => $"0x{profile:X4}",
    };

    /// <summary>Picks the first profile in our preference order that the client offered; null when there is none in common.</summary>
    public static ushort? Select(IReadOnlyCollection<int> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        foreach (var candidate in Preference)
        {
            if (offered.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

namespace Egress.WebRtc.Srtp;

/// <summary>Key, salt and tag sizes for each <see cref="SrtpProtectionProfile"/>.</summary>
public static class SrtpProtectionProfileExtensions
{
    /// <summary>Master (and session) encryption key length in bytes.</summary>
    public static int MasterKeyLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unknown(profile),
    };

    /// <summary>Master (and session) salt length in bytes.</summary>
    public static int MasterSaltLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        _ => throw Unknown(profile),
    };

    /// <summary>Session authentication key length in bytes; zero for AEAD profiles, whose tag comes from the cipher.</summary>
    public static int AuthKeyLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 20,
        SrtpProtectionProfile.AeadAes128Gcm => 0,
        _ => throw Unknown(profile),
    };

    /// <summary>Authentication tag length in bytes appended to every SRTP and SRTCP packet.</summary>
    public static int AuthTagLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 10,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unknown(profile),
    };

    /// <summary>Bytes an SRTP packet grows by when protected.</summary>
    public static int SrtpOverhead(this SrtpProtectionProfile profile) => profile.AuthTagLength();

    /// <summary>Bytes an SRTCP packet grows by when protected: the tag plus the 4-byte E|index word.</summary>
    public static int SrtcpOverhead(this SrtpProtectionProfile profile) => profile.AuthTagLength() + 4;

    /// <summary>Length of the DTLS exporter output (RFC 5764 §4.2): two keys and two salts.</summary>
    public static int KeyingMaterialLength(this SrtpProtectionProfile profile) =>
        2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    /// <summary>True for the AEAD (GCM) profiles.</summary>
    public static bool IsAead(this SrtpProtectionProfile profile) => profile == SrtpProtectionProfile.AeadAes128Gcm;

    /// <summary>Maps a DTLS use_srtp profile id to a supported profile; false for ids this implementation does not offer.</summary>
    public static bool TryFromDtlsId(ushort id, out SrtpProtectionProfile profile)
    {
        profile = (SrtpProtectionProfile)id;
        return profile is SrtpProtectionProfile.AesCm128HmacSha1_80 or SrtpProtectionProfile.AeadAes128Gcm;
    }

    private static ArgumentOutOfRangeException Unknown(SrtpProtectionProfile profile) =>
        new(nameof(profile), profile, "Unsupported SRTP protection profile.");
}

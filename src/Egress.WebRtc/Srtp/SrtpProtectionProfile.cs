namespace Egress.WebRtc.Srtp;

/// <summary>SRTP protection profiles negotiated by DTLS-SRTP; values are the RFC 5764 / RFC 7714 profile ids.</summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode with an 80-bit HMAC-SHA1 tag.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 128-bit tag.</summary>
    AeadAes128Gcm = 0x0007,
}

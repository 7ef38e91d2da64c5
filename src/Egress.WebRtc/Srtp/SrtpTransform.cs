namespace Egress.WebRtc.Srtp;

/// <summary>The per-profile cipher and authentication step; index, replay and header handling live in <see cref="SrtpContext"/>.</summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>E flag of the ESRTCP word: set when the SRTCP payload is encrypted.</summary>
    public const uint EncryptedFlag = 0x8000_0000;

    public const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    public abstract int TagLength { get; }

    public int RtcpTrailerLength => TagLength + 4;

    public static SrtpTransform Create(SrtpProtectionProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) =>
        profile switch
        {
            SrtpProtectionProfile.AesCm128HmacSha1_80 => new AesCmHmacSha1Transform(rtp, rtcp),
            SrtpProtectionProfile.AeadAes128Gcm => new AesGcmTransform(rtp, rtcp),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
        };

    /// <summary>Encrypts [headerLength, payloadEnd) and writes the tag at payloadEnd.</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index);

    /// <summary>Verifies the tag at payloadEnd and, only if it matches, decrypts [headerLength, payloadEnd).</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index);

    /// <summary>Encrypts everything after the first 8 bytes and appends the ESRTCP word and tag in profile order.</summary>
    public abstract void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Where the ESRTCP word sits: before the tag for AES-CM, after it for GCM.</summary>
    public abstract int RtcpIndexOffset(int protectedLength);

    /// <summary>Verifies and, when the E flag is set, decrypts an SRTCP packet; plaintext length is protectedLength minus the trailer.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int protectedLength, uint ssrc, uint esrtcpWord);

    public abstract void Dispose();
}

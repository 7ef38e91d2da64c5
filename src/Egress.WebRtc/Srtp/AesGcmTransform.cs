using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Egress.WebRtc.Srtp;

/// <summary>AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714 §8, §9) with a 16-byte tag.</summary>
internal sealed class AesGcmTransform : SrtpTransform
{
    public const int NonceLength = 12;
    private const int Tag = 16;

    private readonly Aes128Gcm _rtp;
    private readonly Aes128Gcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmTransform(SrtpSessionKeys rtp, SrtpSessionKeys rtcp)
    {
        _rtp = Aes128Gcm.Create(rtp.EncryptionKey);
        _rtcp = Aes128Gcm.Create(rtcp.EncryptionKey);
        _rtpSalt = rtp.Salt.ToArray();
        _rtcpSalt = rtcp.Salt.ToArray();
    }

    public override int TagLength => Tag;

    /// <summary>RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt.</summary>
    public static void BuildRtpNonce(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        XorSalt(salt, nonce);
    }

    /// <summary>RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.</summary>
    public static void BuildRtcpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & MaxSrtcpIndex);
        XorSalt(salt, nonce);
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        var payload = packet[headerLength..payloadEnd];
        _rtp.Encrypt(nonce, payload, packet.Slice(payloadEnd, Tag), packet[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        var payload = packet[headerLength..payloadEnd];
        return _rtp.TryDecrypt(nonce, payload, packet.Slice(payloadEnd, Tag), packet[..headerLength]);
    }

    public override void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        var word = EncryptedFlag | index;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, index, nonce);
        Span<byte> aad = stackalloc byte[RtpHeader.RtcpFixedLength + 4];
        packet[..RtpHeader.RtcpFixedLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtpHeader.RtcpFixedLength..], word);

        var payload = packet[RtpHeader.RtcpFixedLength..length];
        _rtcp.Encrypt(nonce, payload, packet.Slice(length, Tag), aad);

        // RFC 7714 §9.2 / §17.1: the ESRTCP word follows the tag, unlike RFC 3711's layout.
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + Tag)..], word);
    }

    public override int RtcpIndexOffset(int protectedLength) => protectedLength - 4;

    public override bool UnprotectRtcp(Span<byte> packet, int protectedLength, uint ssrc, uint esrtcpWord)
    {
        var tagStart = protectedLength - 4 - Tag;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, esrtcpWord & MaxSrtcpIndex, nonce);

        if ((esrtcpWord & EncryptedFlag) != 0)
        {
            Span<byte> aad = stackalloc byte[RtpHeader.RtcpFixedLength + 4];
            packet[..RtpHeader.RtcpFixedLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtpHeader.RtcpFixedLength..], esrtcpWord);
            var payload = packet[RtpHeader.RtcpFixedLength..tagStart];
            return _rtcp.TryDecrypt(nonce, payload, packet.Slice(tagStart, Tag), aad);
        }

        // RFC 7714 §9.3: unencrypted SRTCP authenticates the whole packet then the ESRTCP word. Moving the word
        // over the tag makes that AAD contiguous without a scratch copy of the packet.
        Span<byte> tag = stackalloc byte[Tag];
        packet.Slice(tagStart, Tag).CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[tagStart..], esrtcpWord);
        return _rtcp.TryDecrypt(nonce, [], tag, packet[..(tagStart + 4)]);
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    private static void XorSalt(ReadOnlySpan<byte> salt, Span<byte> nonce)
    {
        for (var i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= salt[i];
        }
    }
}

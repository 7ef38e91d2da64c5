using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Egress.WebRtc.Srtp;

/// <summary>AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1, §3.4).</summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private const int Tag = 10;
    private const int IvLength = 16;
    private const int MacLength = 20;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys rtp, SrtpSessionKeys rtcp)
    {
        _rtpCipher = new AesCounterMode(rtp.EncryptionKey);
        _rtcpCipher = new AesCounterMode(rtcp.EncryptionKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtp.AuthenticationKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtcp.AuthenticationKey);
        _rtpSalt = rtp.Salt.ToArray();
        _rtcpSalt = rtcp.Salt.ToArray();
    }

    public override int TagLength => Tag;

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), RFC 3711 §4.1.1.</summary>
    public static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv[..IvLength].Clear();
        salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ (index << 16));
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, packet[headerLength..payloadEnd]);

        Span<byte> mac = stackalloc byte[MacLength];
        ComputeRtpMac(packet[..payloadEnd], (uint)(index >> 16), mac);
        mac[..Tag].CopyTo(packet[payloadEnd..]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int payloadEnd, uint ssrc, ulong index)
    {
        Span<byte> mac = stackalloc byte[MacLength];
        ComputeRtpMac(packet[..payloadEnd], (uint)(index >> 16), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..Tag], packet.Slice(payloadEnd, Tag)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[IvLength];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, packet[headerLength..payloadEnd]);
        return true;
    }

    public override void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildIv(_rtcpSalt, ssrc, index, iv);
        _rtcpCipher.Transform(iv, packet[RtpHeader.RtcpFixedLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], EncryptedFlag | index);

        // RFC 3711 §3.4: the tag covers the header, the encrypted part and the E|index word.
        Span<byte> mac = stackalloc byte[MacLength];
        _rtcpMac.AppendData(packet[..(length + 4)]);
        _rtcpMac.GetHashAndReset(mac);
        mac[..Tag].CopyTo(packet[(length + 4)..]);
    }

    public override int RtcpIndexOffset(int protectedLength) => protectedLength - Tag - 4;

    public override bool UnprotectRtcp(Span<byte> packet, int protectedLength, uint ssrc, uint esrtcpWord)
    {
        var authenticatedEnd = protectedLength - Tag;
        Span<byte> mac = stackalloc byte[MacLength];
        _rtcpMac.AppendData(packet[..authenticatedEnd]);
        _rtcpMac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..Tag], packet.Slice(authenticatedEnd, Tag)))
        {
            return false;
        }

        if ((esrtcpWord & EncryptedFlag) != 0)
        {
            Span<byte> iv = stackalloc byte[IvLength];
            BuildIv(_rtcpSalt, ssrc, esrtcpWord & MaxSrtcpIndex, iv);
            _rtcpCipher.Transform(iv, packet[RtpHeader.RtcpFixedLength..(authenticatedEnd - 4)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    private void ComputeRtpMac(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> mac)
    {
        // RFC 3711 §4.2: the ROC is authenticated but never sent, so it is appended only to the MAC input.
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(roc);
        _rtpMac.GetHashAndReset(mac);
    }
}

using System.Numerics;
using System.Security.Cryptography;

namespace Egress.WebRtc.Tests.Srtp;

/// <summary>
/// TEST-ONLY reference for AES_CM_128_HMAC_SHA1_80, written as literally as possible from the RFC 3711 formulas
/// with BigInteger arithmetic and one AES block per call. Slow and allocating on purpose: it shares no code with
/// the production path, so agreement between the two is meaningful.
/// </summary>
internal static class ReferenceSrtp
{
    private static readonly BigInteger Two16 = BigInteger.One << 16;
    private static readonly BigInteger Two64 = BigInteger.One << 64;

    /// <summary>RFC 3711 §4.3.1-4.3.3 with KDR 0: x = (label * 2^48) XOR master_salt; PRF = AES-CM(k, x * 2^16).</summary>
    public static byte[] Kdf(byte[] masterKey, byte[] masterSalt, byte label, int length)
    {
        var keyId = new BigInteger(label) << 48;
        var x = keyId ^ Number(masterSalt);
        return Keystream(masterKey, x * Two16, length);
    }

    /// <summary>Protects an RTP packet: AES-CM over the payload, then HMAC-SHA1(header || ciphertext || ROC)[..10].</summary>
    public static byte[] ProtectRtp(byte[] key, byte[] salt, byte[] authKey, byte[] rtp, int headerLength, uint roc)
    {
        var ssrc = (uint)Number(rtp[8..12]);
        var sequence = (uint)Number(rtp[2..4]);
        var index = ((BigInteger)roc * Two16) + sequence;
        var output = (byte[])rtp.Clone();
        XorPayload(key, salt, ssrc, index, output.AsSpan(headerLength));

        byte[] authenticated = [.. output, .. Bytes(roc, 4)];
        var tag = HMACSHA1.HashData(authKey, authenticated);
        return [.. output, .. tag[..10]];
    }

    /// <summary>Protects an RTCP packet: AES-CM after byte 8, append E=1|index, then HMAC-SHA1 over all of it.</summary>
    public static byte[] ProtectRtcp(byte[] key, byte[] salt, byte[] authKey, byte[] rtcp, uint index)
    {
        var ssrc = (uint)Number(rtcp[4..8]);
        var output = (byte[])rtcp.Clone();
        XorPayload(key, salt, ssrc, index, output.AsSpan(8));
        byte[] withIndex = [.. output, .. Bytes(0x8000_0000u | index, 4)];
        var tag = HMACSHA1.HashData(authKey, withIndex);
        return [.. withIndex, .. tag[..10]];
    }

    private static void XorPayload(byte[] key, byte[] salt, uint ssrc, BigInteger index, Span<byte> payload)
    {
        // RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).
        var iv = (Number(salt) * Two16) ^ (ssrc * Two64) ^ (index * Two16);
        var keystream = Keystream(key, iv, payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= keystream[i];
        }
    }

    private static byte[] Keystream(byte[] key, BigInteger counter, int length)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var output = new List<byte>();
        var modulus = BigInteger.One << 128;
        for (var block = 0; output.Count < length; block++)
        {
            output.AddRange(aes.EncryptEcb(Bytes((counter + block) % modulus, 16), PaddingMode.None));
        }

        return [.. output.Take(length)];
    }

    private static BigInteger Number(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static byte[] Bytes(BigInteger value, int length)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[length];
        raw.CopyTo(padded, length - raw.Length);
        return padded;
    }
}

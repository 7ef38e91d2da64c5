using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ingest.Rtmp.Tests.Handshake;

/// <summary>Client side of the digest handshake, written from the protocol description, to drive the server in tests.</summary>
internal static class FlashClient
{
    public const int PacketSize = 1536;
    public const int DigestSize = 32;

    private static readonly byte[] Suffix = Convert.FromHexString("F0EEC24A8068BEE82E00D0D1029E7E576EEC5D2D29806FAB93B8E636CFEB31AE");

    public static readonly byte[] PlayerKey = [.. Encoding.ASCII.GetBytes("Genuine Adobe Flash Player 001"), .. Suffix];
    public static readonly byte[] ServerKey = [.. Encoding.ASCII.GetBytes("Genuine Adobe Flash Media Server 001"), .. Suffix];

    public static ReadOnlySpan<byte> PlayerTextKey => PlayerKey.AsSpan(0, 30);

    public static ReadOnlySpan<byte> ServerTextKey => ServerKey.AsSpan(0, 36);

    /// <summary>C0+C1 with a digest in the given scheme (0: digest block first, 1: key block first).</summary>
    public static byte[] CreateDigestC0C1(int scheme)
    {
        var c0c1 = new byte[1 + PacketSize];
        c0c1[0] = 3;
        var c1 = c0c1.AsSpan(1);
        BinaryPrimitives.WriteUInt32BigEndian(c1, 0x00001234);
        BinaryPrimitives.WriteUInt32BigEndian(c1[4..], 0x09007C02); // Flash Player 9.0.124.2, as FFmpeg sends.
        RandomNumberGenerator.Fill(c1[8..]);
        var offset = DigestOffset(c1, scheme);
        Digest(c1, offset, PlayerTextKey).CopyTo(c1[offset..]);
        return c0c1;
    }

    /// <summary>C0+C1 with a zero version field, as librtmp and simple clients send.</summary>
    public static byte[] CreatePlainC0C1()
    {
        var c0c1 = new byte[1 + PacketSize];
        c0c1[0] = 3;
        RandomNumberGenerator.Fill(c0c1.AsSpan(9));
        return c0c1;
    }

    public static int DigestOffset(ReadOnlySpan<byte> packet, int scheme)
    {
        var block = scheme == 0 ? 8 : 772;
        var sum = packet[block] + packet[block + 1] + packet[block + 2] + packet[block + 3];
        return (sum % 728) + block + 4;
    }

    public static byte[] Digest(ReadOnlySpan<byte> packet, int offset, ReadOnlySpan<byte> key)
    {
        byte[] message = [.. packet[..offset], .. packet[(offset + DigestSize)..PacketSize]];
        return HMACSHA256.HashData(key, message);
    }

    public static bool HasValidDigest(ReadOnlySpan<byte> packet, int scheme, ReadOnlySpan<byte> key)
    {
        var offset = DigestOffset(packet, scheme);
        return Digest(packet, offset, key).AsSpan().SequenceEqual(packet.Slice(offset, DigestSize));
    }

    /// <summary>Signature over the first 1504 bytes keyed by HMAC(fullKey, peerDigest), as in S2 and C2.</summary>
    public static byte[] ResponseSignature(ReadOnlySpan<byte> fullKey, ReadOnlySpan<byte> peerDigest, ReadOnlySpan<byte> packet)
    {
        var key = HMACSHA256.HashData(fullKey, peerDigest);
        return HMACSHA256.HashData(key, packet[..(PacketSize - DigestSize)]);
    }

    /// <summary>The C2 a Flash client sends back after validating S1's digest in the given scheme.</summary>
    public static byte[] CreateDigestC2(ReadOnlySpan<byte> s1, int scheme)
    {
        var c2 = new byte[PacketSize];
        RandomNumberGenerator.Fill(c2.AsSpan(0, PacketSize - DigestSize));
        var serverDigest = s1.Slice(DigestOffset(s1, scheme), DigestSize);
        ResponseSignature(PlayerKey, serverDigest, c2).CopyTo(c2.AsSpan(PacketSize - DigestSize));
        return c2;
    }
}

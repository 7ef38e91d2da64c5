using System.Security.Cryptography;

namespace Ingest.Rtmp.Handshake;

/// <summary>Locating, computing and checking the HMAC-SHA256 digest embedded in a C1/S1 packet.</summary>
internal static class HandshakeDigest
{
    public const int Length = 32;

    /// <summary>Offset of the 32-byte digest inside a 1536-byte packet for the given scheme.</summary>
    public static int GetOffset(ReadOnlySpan<byte> packet, DigestScheme scheme)
    {
        // The block starts with 4 offset bytes whose sum, modulo the 728 usable positions, places the digest.
        var block = scheme == DigestScheme.DigestFirst ? 8 : 772;
        var sum = packet[block] + packet[block + 1] + packet[block + 2] + packet[block + 3];
        return (sum % 728) + block + 4;
    }

    /// <summary>HMAC-SHA256 over the packet with the digest bytes themselves left out.</summary>
    public static void Compute(ReadOnlySpan<byte> packet, int offset, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        Span<byte> message = stackalloc byte[RtmpHandshake.PacketSize - Length];
        packet[..offset].CopyTo(message);
        packet[(offset + Length)..RtmpHandshake.PacketSize].CopyTo(message[offset..]);
        HMACSHA256.HashData(key, message, destination);
    }

    /// <summary>Finds which scheme, if any, carries a digest valid under <paramref name="key"/>.</summary>
    public static bool TryFind(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key, out DigestScheme scheme, out int offset)
    {
        Span<byte> expected = stackalloc byte[Length];
        foreach (var candidate in (ReadOnlySpan<DigestScheme>)[DigestScheme.DigestFirst, DigestScheme.KeyFirst])
        {
            offset = GetOffset(packet, candidate);
            Compute(packet, offset, key, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, packet.Slice(offset, Length)))
            {
                scheme = candidate;
                return true;
            }
        }

        scheme = default;
        offset = 0;
        return false;
    }
}

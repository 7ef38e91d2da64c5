using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Egress.WebRtc.Stun;

/// <summary>MESSAGE-INTEGRITY and FINGERPRINT arithmetic shared by the reader and the writer.</summary>
internal static class StunChecksums
{
    public const int HmacLength = 20;
    public const uint FingerprintXor = 0x5354554E;

    // ICE checks are ~100-200 bytes; anything larger than this falls back to the pool, never the GC heap.
    private const int StackCopyLimit = 1024;

    /// <summary>Computes MESSAGE-INTEGRITY over a read-only message whose MI attribute header starts at <paramref name="integrityOffset"/>.</summary>
    public static void ComputeIntegrity(ReadOnlySpan<byte> message, int integrityOffset, ReadOnlySpan<byte> key, Span<byte> hmac)
    {
        // RFC 8489 §14.5: the HMAC covers the message as if MESSAGE-INTEGRITY were the last attribute,
        // so the header length must be patched; the input is read-only, hence the copy.
        byte[]? rented = null;
        Span<byte> copy = integrityOffset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(integrityOffset));
        try
        {
            copy = copy[..integrityOffset];
            message[..integrityOffset].CopyTo(copy);
            PatchLength(copy, integrityOffset + 4 + HmacLength);
            HashIntegrity(copy, key, hmac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes MESSAGE-INTEGRITY in place; the header length already counts the MI attribute.</summary>
    public static void WriteIntegrity(Span<byte> message, int integrityOffset, ReadOnlySpan<byte> key)
    {
        HashIntegrity(message[..integrityOffset], key, message.Slice(integrityOffset + 4, HmacLength));
    }

    public static uint ComputeFingerprint(ReadOnlySpan<byte> messageBeforeFingerprint)
        => Crc32.HashToUInt32(messageBeforeFingerprint) ^ FingerprintXor;

    public static void PatchLength(Span<byte> message, int totalLength)
        => BinaryPrimitives.WriteUInt16BigEndian(message[2..], (ushort)(totalLength - StunMessage.HeaderLength));

    private static void HashIntegrity(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key, Span<byte> hmac)
    {
#pragma warning disable CA5350 // STUN short-term credentials mandate HMAC-SHA1 (RFC 8489 §14.5); not our choice.
        HMACSHA1.HashData(key, data, hmac);
#pragma warning restore CA5350
    }
}

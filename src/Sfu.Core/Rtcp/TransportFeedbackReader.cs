using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// Zero-allocation view over the FCI of an RTCP transport-wide congestion control feedback
/// message (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, RTPFB FMT=15).
/// </summary>
/// <remarks>
/// The span starts at "base sequence number", i.e. after the 4-byte RTCP header and the
/// sender/media SSRCs. <see cref="TryParse"/> validates the whole structure once so that
/// <see cref="ReadResults"/> can decode without re-checking every bound.
/// </remarks>
public readonly ref struct TransportFeedbackReader
{
    /// <summary>Length of the fixed FCI fields preceding the first packet chunk.</summary>
    public const int FixedFieldsLength = 8;

    /// <summary>Microseconds per reference-time unit (64 ms).</summary>
    public const long ReferenceTimeUnitMicroseconds = 64_000;

    /// <summary>Microseconds per receive-delta tick (250 µs).</summary>
    public const long DeltaTickMicroseconds = 250;

    private const int SymbolNotReceived = 0;
    private const int SymbolSmallDelta = 1;
    private const int SymbolLargeDelta = 2;
    private const int SymbolReserved = 3;

    private readonly ReadOnlySpan<byte> _fci;
    private readonly int _deltaOffset;

    private TransportFeedbackReader(ReadOnlySpan<byte> fci, int deltaOffset)
    {
        _fci = fci;
        _deltaOffset = deltaOffset;
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(fci);
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        // Shift up then arithmetic-shift down to sign-extend the 24-bit field.
        ReferenceTime = ((fci[4] << 24) | (fci[5] << 16) | (fci[6] << 8)) >> 8;
        FeedbackPacketCount = fci[7];
    }

    /// <summary>Transport-wide sequence number of the first packet described.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>Number of packets whose status is described.</summary>
    public ushort PacketStatusCount { get; }

    /// <summary>Signed 24-bit reference time in multiples of 64 ms.</summary>
    public int ReferenceTime { get; }

    /// <summary>Reference time converted to microseconds.</summary>
    public long ReferenceTimeMicroseconds => ReferenceTime * ReferenceTimeUnitMicroseconds;

    /// <summary>Feedback packet counter, used by the sender to detect lost feedback.</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>
    /// Validates <paramref name="fci"/> (chunks and receive deltas must fit; trailing padding is
    /// allowed) and creates a reader over it. Never throws.
    /// </summary>
    /// <param name="fci">FCI bytes starting at the base sequence number.</param>
    /// <param name="reader">The reader when successful; default otherwise.</param>
    /// <param name="error">Why parsing failed, or null on success.</param>
    /// <returns>True if the FCI is well formed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> fci, out TransportFeedbackReader reader, out string? error)
    {
        reader = default;
        if (fci.Length < FixedFieldsLength)
        {
            error = "FCI shorter than the 8-byte fixed fields.";
            return false;
        }

        int remaining = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        int offset = FixedFieldsLength;
        int deltaBytes = 0;
        while (remaining > 0)
        {
            if (fci.Length - offset < 2)
            {
                error = "Packet chunks truncated before covering the packet status count.";
                return false;
            }

            int chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[offset..]);
            offset += 2;
            if ((chunk & 0x8000) == 0)
            {
                int symbol = (chunk >> 13) & 0x3;
                // Runs may overshoot the status count; only the covered part carries deltas.
                int used = Math.Min(chunk & 0x1FFF, remaining);
                if (symbol == SymbolReserved && used > 0)
                {
                    error = "Run-length chunk uses the reserved status symbol.";
                    return false;
                }

                // Symbol value equals its delta size in bytes (0, 1 or 2).
                deltaBytes += used * symbol;
                remaining -= used;
            }
            else if ((chunk & 0x4000) == 0)
            {
                int used = Math.Min(14, remaining);
                for (int i = 0; i < used; i++)
                {
                    deltaBytes += (chunk >> (13 - i)) & 0x1;
                }

                remaining -= used;
            }
            else
            {
                int used = Math.Min(7, remaining);
                for (int i = 0; i < used; i++)
                {
                    int symbol = (chunk >> (12 - (2 * i))) & 0x3;
                    if (symbol == SymbolReserved)
                    {
                        error = "Status vector chunk uses the reserved status symbol.";
                        return false;
                    }

                    deltaBytes += symbol;
                }

                remaining -= used;
            }
        }

        if (deltaBytes > fci.Length - offset)
        {
            error = "Receive deltas truncated.";
            return false;
        }

        reader = new TransportFeedbackReader(fci, offset);
        error = null;
        return true;
    }

    /// <summary>
    /// Decodes packet statuses and absolute arrival times into <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">Buffer for results; may be smaller than the status count.</param>
    /// <returns>Number of results written: min(<see cref="PacketStatusCount"/>, destination length).</returns>
    public int ReadResults(Span<PacketResult> destination)
    {
        int total = Math.Min(destination.Length, PacketStatusCount);
        var fci = _fci;
        int chunkOffset = FixedFieldsLength;
        int deltaOffset = _deltaOffset;
        long time = ReferenceTimeMicroseconds;
        ushort sequence = BaseSequenceNumber;
        int index = 0;
        while (index < total)
        {
            int chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[chunkOffset..]);
            chunkOffset += 2;
            if ((chunk & 0x8000) == 0)
            {
                int symbol = (chunk >> 13) & 0x3;
                int used = Math.Min(chunk & 0x1FFF, total - index);
                for (int i = 0; i < used; i++)
                {
                    destination[index++] = Decode(fci, symbol, sequence++, ref deltaOffset, ref time);
                }
            }
            else if ((chunk & 0x4000) == 0)
            {
                int used = Math.Min(14, total - index);
                for (int i = 0; i < used; i++)
                {
                    int symbol = (chunk >> (13 - i)) & 0x1;
                    destination[index++] = Decode(fci, symbol, sequence++, ref deltaOffset, ref time);
                }
            }
            else
            {
                int used = Math.Min(7, total - index);
                for (int i = 0; i < used; i++)
                {
                    int symbol = (chunk >> (12 - (2 * i))) & 0x3;
                    destination[index++] = Decode(fci, symbol, sequence++, ref deltaOffset, ref time);
                }
            }
        }

        return total;
    }

    private static PacketResult Decode(ReadOnlySpan<byte> fci, int symbol, ushort sequence, ref int deltaOffset, ref long time)
    {
        // TryParse already proved every delta lies inside fci, so only the symbol matters here.
        switch (symbol)
        {
            case SymbolSmallDelta:
                time += fci[deltaOffset] * DeltaTickMicroseconds;
                deltaOffset += 1;
                return new PacketResult(sequence, true, time);
            case SymbolLargeDelta:
                time += BinaryPrimitives.ReadInt16BigEndian(fci[deltaOffset..]) * DeltaTickMicroseconds;
                deltaOffset += 2;
                return new PacketResult(sequence, true, time);
            default:
                return new PacketResult(sequence, false, 0);
        }
    }
}

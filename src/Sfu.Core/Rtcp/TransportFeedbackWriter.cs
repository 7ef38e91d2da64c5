using System.Buffers;
using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// Serialises complete RTCP transport-wide congestion control feedback packets
/// (RTPFB, PT=205, FMT=15).
/// </summary>
public static class TransportFeedbackWriter
{
    /// <summary>Length of the RTCP header, both SSRCs and the fixed FCI fields.</summary>
    public const int HeaderLength = 20;

    private const int RtpfbPayloadType = 205;
    private const int TransportFeedbackFmt = 15;
    private const int MaxRunLength = 0x1FFF;
    private const int MinRunLengthChunk = 7;
    private const int StackSymbolLimit = 1024;
    private const long TicksPerReferenceUnit =
        TransportFeedbackReader.ReferenceTimeUnitMicroseconds / TransportFeedbackReader.DeltaTickMicroseconds;

    /// <summary>
    /// Writes a feedback packet describing <paramref name="results"/>.
    /// </summary>
    /// <param name="destination">Output buffer.</param>
    /// <param name="senderSsrc">SSRC of the feedback sender.</param>
    /// <param name="mediaSsrc">SSRC of the media source.</param>
    /// <param name="feedbackCount">Feedback packet counter.</param>
    /// <param name="results">
    /// Consecutive sequence numbers starting at <c>results[0]</c> (wrapping allowed), at most 65535.
    /// </param>
    /// <returns>
    /// Bytes written (a multiple of 4), or -1 when the results are empty, not consecutive, need a
    /// receive delta outside the signed 16-bit range (the caller should split), have a reference
    /// time outside 24 bits, or <paramref name="destination"/> is too small.
    /// </returns>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte feedbackCount, ReadOnlySpan<PacketResult> results)
    {
        int count = results.Length;
        if (count == 0 || count > ushort.MaxValue)
        {
            return -1;
        }

        ushort baseSequence = results[0].SequenceNumber;
        int firstReceived = -1;
        for (int i = 0; i < count; i++)
        {
            if (results[i].SequenceNumber != (ushort)(baseSequence + i))
            {
                return -1;
            }

            if (firstReceived < 0 && results[i].Received)
            {
                firstReceived = i;
            }
        }

        long referenceTime = 0;
        if (firstReceived >= 0)
        {
            // Floor the quantised arrival, not the raw one, so re-encoding parsed results is idempotent
            // and the first delta cannot round up past 255 ticks.
            referenceTime = FloorDiv(ToTicks(results[firstReceived].ArrivalMicroseconds), TicksPerReferenceUnit);
            if (referenceTime < -(1 << 23) || referenceTime >= (1 << 23))
            {
                return -1;
            }
        }

        // Symbols are needed twice (chunk selection looks ahead); pool large sets to stay allocation-free.
        byte[]? rented = null;
        Span<byte> symbols = count <= StackSymbolLimit
            ? stackalloc byte[StackSymbolLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(count));
        try
        {
            if (!ComputeSymbols(results, referenceTime, symbols))
            {
                return -1;
            }

            return WritePacket(destination, senderSsrc, mediaSsrc, feedbackCount, results, referenceTime, symbols[..count]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool ComputeSymbols(ReadOnlySpan<PacketResult> results, long referenceTime, Span<byte> symbols)
    {
        // Deltas are taken between quantised absolute times so rounding errors never accumulate.
        long previousTicks = referenceTime * TicksPerReferenceUnit;
        for (int i = 0; i < results.Length; i++)
        {
            if (!results[i].Received)
            {
                symbols[i] = 0;
                continue;
            }

            long ticks = ToTicks(results[i].ArrivalMicroseconds);
            long delta = ticks - previousTicks;
            previousTicks = ticks;
            if (delta is >= 0 and <= byte.MaxValue)
            {
                symbols[i] = 1;
            }
            else if (delta is >= short.MinValue and <= short.MaxValue)
            {
                symbols[i] = 2;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static int WritePacket(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        byte feedbackCount,
        ReadOnlySpan<PacketResult> results,
        long referenceTime,
        ReadOnlySpan<byte> symbols)
    {
        if (destination.Length < HeaderLength)
        {
            return -1;
        }

        int count = symbols.Length;
        int offset = HeaderLength;
        int index = 0;
        while (index < count)
        {
            if (destination.Length - offset < 2)
            {
                return -1;
            }

            int symbol = symbols[index];
            int run = 1;
            while (index + run < count && run < MaxRunLength && symbols[index + run] == symbol)
            {
                run++;
            }

            int chunk;
            if (run >= MinRunLengthChunk || index + run == count)
            {
                // A run that reaches the end is always cheapest as one run-length chunk.
                chunk = (symbol << 13) | run;
                index += run;
            }
            else
            {
                int take = Math.Min(14, count - index);
                bool oneBit = !symbols.Slice(index, take).Contains((byte)2);
                if (oneBit)
                {
                    chunk = 0x8000;
                    for (int i = 0; i < take; i++)
                    {
                        chunk |= symbols[index + i] << (13 - i);
                    }
                }
                else
                {
                    // Unused trailing slots stay 00 (not received) and are ignored by receivers.
                    take = Math.Min(7, count - index);
                    chunk = 0xC000;
                    for (int i = 0; i < take; i++)
                    {
                        chunk |= symbols[index + i] << (12 - (2 * i));
                    }
                }

                index += take;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)chunk);
            offset += 2;
        }

        long previousTicks = referenceTime * TicksPerReferenceUnit;
        for (int i = 0; i < count; i++)
        {
            if (symbols[i] == 0)
            {
                continue;
            }

            long ticks = ToTicks(results[i].ArrivalMicroseconds);
            long delta = ticks - previousTicks;
            previousTicks = ticks;
            if (symbols[i] == 1)
            {
                if (offset >= destination.Length)
                {
                    return -1;
                }

                destination[offset++] = (byte)delta;
            }
            else
            {
                if (destination.Length - offset < 2)
                {
                    return -1;
                }

                BinaryPrimitives.WriteInt16BigEndian(destination[offset..], (short)delta);
                offset += 2;
            }
        }

        int padding = (4 - (offset & 3)) & 3;
        if (destination.Length - offset < padding)
        {
            return -1;
        }

        if (padding > 0)
        {
            // RFC 3550 padding (as libwebrtc emits): zeros, last byte holds the padding length.
            destination.Slice(offset, padding - 1).Clear();
            destination[offset + padding - 1] = (byte)padding;
            offset += padding;
        }

        destination[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | TransportFeedbackFmt);
        destination[1] = RtpfbPayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((offset / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], results[0].SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)count);
        int reference = (int)referenceTime;
        destination[16] = (byte)(reference >> 16);
        destination[17] = (byte)(reference >> 8);
        destination[18] = (byte)reference;
        destination[19] = feedbackCount;
        return offset;
    }

    /// <summary>Rounds microseconds to the nearest 250 µs tick (halves up) without overflow.</summary>
    private static long ToTicks(long microseconds)
    {
        long ticks = FloorDiv(microseconds, TransportFeedbackReader.DeltaTickMicroseconds);
        long remainder = microseconds - (ticks * TransportFeedbackReader.DeltaTickMicroseconds);
        return remainder * 2 >= TransportFeedbackReader.DeltaTickMicroseconds ? ticks + 1 : ticks;
    }

    private static long FloorDiv(long value, long divisor)
    {
        long quotient = value / divisor;
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
    }
}

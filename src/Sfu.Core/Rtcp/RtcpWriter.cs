using System.Buffers.Binary;
using System.Text;

namespace Sfu.Core.Rtcp;

/// <summary>Writes the RTCP packets we emit: SR, RR (+ SDES CNAME), PLI, FIR, REMB, generic NACK, BYE; into caller buffers.</summary>
public static class RtcpWriter
{
    /// <summary>Writes a sender report with no report blocks (we do not receive on a send-only leg); returns bytes written.</summary>
    public static int WriteSenderReport(Span<byte> destination, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        destination[0] = 0x80;
        destination[1] = (byte)RtcpPacketType.SenderReport;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 6);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        return 28;
    }

    /// <summary>Most report blocks one SR or RR can carry (the five-bit count field).</summary>
    public const int MaxReportBlocks = 31;

    /// <summary>
    /// Writes a receiver report from <paramref name="senderSsrc"/> with up to <see cref="MaxReportBlocks"/> blocks
    /// (RFC 3550 §6.4.2); returns bytes written (8 + 24 per block). Zero blocks is valid: it is what a compound packet
    /// starts with when nothing has been received yet.
    /// </summary>
    public static int WriteReceiverReport(Span<byte> destination, uint senderSsrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blocks.Length, MaxReportBlocks, nameof(blocks));
        int length = 8 + (24 * blocks.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        destination[0] = (byte)(0x80 | blocks.Length);
        destination[1] = (byte)RtcpPacketType.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        for (int i = 0; i < blocks.Length; i++)
        {
            WriteReportBlock(destination.Slice(8 + (24 * i), 24), blocks[i]);
        }

        return length;
    }

    /// <summary>
    /// Writes a generic NACK (RFC 4585 §6.2.1) for as many of <paramref name="sequences"/> as fit; returns bytes
    /// written, or 0 when there is nothing to write or not even one entry fits. See the overload for the ordering.
    /// </summary>
    public static int WriteGenericNack(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> sequences) =>
        WriteGenericNack(destination, senderSsrc, mediaSsrc, sequences, out _);

    /// <summary>
    /// Writes a generic NACK (RFC 4585 §6.2.1) packing <paramref name="sequences"/> into PID+BLP entries; returns bytes
    /// written (12 + 4 per entry), or 0 when there is nothing to write or not even one entry fits.
    /// </summary>
    /// <remarks>
    /// <paramref name="sequences"/> should be in wrap-aware ascending order (as <c>NackGenerator.CollectDue</c> returns
    /// them): each entry then takes every number up to 16 past its PID, which is the fewest entries. Any other order is
    /// still encoded faithfully, only in more entries; repeats of the number just packed are dropped.
    /// <paramref name="consumed"/> is how many leading numbers were packed: when it is less than the length the
    /// destination was full, and the rest go in another packet (<c>sequences[consumed..]</c>).
    /// </remarks>
    public static int WriteGenericNack(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        ReadOnlySpan<ushort> sequences,
        out int consumed)
    {
        consumed = 0;
        int offset = 12;
        int index = 0;
        while (index < sequences.Length && offset + 4 <= destination.Length)
        {
            ushort pid = sequences[index++];
            int blp = 0;
            while (index < sequences.Length)
            {
                int distance = (ushort)(sequences[index] - pid);
                if (distance > 16)
                {
                    break;
                }

                // Distance 0 is a repeat of the PID itself; a BLP bit would misreport pid + 0.
                if (distance > 0)
                {
                    blp |= 1 << (distance - 1);
                }

                index++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)blp);
            offset += 4;
            consumed = index;
        }

        if (offset == 12)
        {
            return 0;
        }

        destination[0] = 0x80 | RtcpFeedbackFormat.GenericNack;
        destination[1] = (byte)RtcpPacketType.TransportFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((offset / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return offset;
    }

    /// <summary>Writes an SDES packet with one CNAME chunk; returns bytes written.</summary>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, string cname)
    {
        int nameLength = Encoding.ASCII.GetBytes(cname, destination[10..]);
        int chunk = 4 + 2 + nameLength + 1; // ssrc, type+len, text, end
        int padded = (chunk + 3) & ~3;
        destination[(10 + nameLength)..(4 + padded)].Clear();
        destination[0] = 0x81;
        destination[1] = (byte)RtcpPacketType.SourceDescription;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(padded / 4));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = 1; // CNAME
        destination[9] = (byte)nameLength;
        return 4 + padded;
    }

    /// <summary>Writes a picture loss indication asking <paramref name="mediaSsrc"/>'s sender for a keyframe.</summary>
    public static int WritePictureLossIndication(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        destination[0] = 0x80 | RtcpFeedbackFormat.PictureLossIndication;
        destination[1] = (byte)RtcpPacketType.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 2);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return 12;
    }

    /// <summary>
    /// Writes a full intra request (RFC 5104 §4.3.1) for <paramref name="mediaSsrc"/>. The caller keeps
    /// <paramref name="sequenceNumber"/> per media sender and increments it for each new request (not for repeats of
    /// the same one), so the sender can tell a retransmitted FIR from a new one.
    /// </summary>
    public static int WriteFullIntraRequest(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        destination[0] = 0x80 | RtcpFeedbackFormat.FullIntraRequest;
        destination[1] = (byte)RtcpPacketType.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], mediaSsrc);
        destination[16] = sequenceNumber;
        destination[17] = 0;
        destination[18] = 0;
        destination[19] = 0;
        return 20;
    }

    /// <summary>
    /// Writes a REMB (draft-alvestrand-rmcat-remb-03) telling a sender the most <paramref name="bitsPerSecond"/> its
    /// streams <paramref name="mediaSsrcs"/> should use together.
    /// </summary>
    public static int WriteRemb(Span<byte> destination, uint senderSsrc, long bitsPerSecond, ReadOnlySpan<uint> mediaSsrcs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitsPerSecond);
        int exponent = 0;
        while ((bitsPerSecond >> exponent) > 0x3FFFF)
        {
            exponent++;
        }

        long mantissa = bitsPerSecond >> exponent;
        int length = 20 + (4 * mediaSsrcs.Length);
        destination[0] = 0x80 | RtcpFeedbackFormat.ApplicationLayer;
        destination[1] = (byte)RtcpPacketType.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        "REMB"u8.CopyTo(destination[12..]);
        destination[16] = (byte)mediaSsrcs.Length;
        destination[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        destination[18] = (byte)(mantissa >> 8);
        destination[19] = (byte)mantissa;
        for (int i = 0; i < mediaSsrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(20 + (4 * i))..], mediaSsrcs[i]);
        }

        return length;
    }

    /// <summary>Writes a BYE for one SSRC.</summary>
    public static int WriteBye(Span<byte> destination, uint ssrc)
    {
        destination[0] = 0x81;
        destination[1] = (byte)RtcpPacketType.Bye;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return 8;
    }

    private static void WriteReportBlock(Span<byte> destination, in RtcpReportBlock block)
    {
        // The field is signed 24-bit; clamping (RFC 3550 §6.4.1) beats wrapping a large loss into a gain.
        int lost = Math.Clamp(block.CumulativeLost, -0x800000, 0x7FFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination, block.Ssrc);
        destination[4] = block.FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], block.ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], block.Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], block.LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], block.DelaySinceLastSenderReport);
    }
}

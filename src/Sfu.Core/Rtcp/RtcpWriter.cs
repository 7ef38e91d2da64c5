using System.Buffers.Binary;
using System.Text;

namespace Sfu.Core.Rtcp;

/// <summary>Writes the RTCP packets a sender emits: SR (+ SDES CNAME), PLI, BYE; into caller buffers.</summary>
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
}

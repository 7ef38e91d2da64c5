using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>Walks the packets of a (possibly reduced-size) compound RTCP datagram without allocating.</summary>
/// <remarks>Stops (and reports <see cref="IsMalformed"/>) at the first header whose length runs past the datagram.</remarks>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    /// <summary>Reads from a decrypted RTCP datagram.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>Packet type of the current packet.</summary>
    public RtcpPacketType Type { get; private set; }

    /// <summary>The five-bit count/format field of the current packet (report count, FMT).</summary>
    public int CountOrFormat { get; private set; }

    /// <summary>The current packet, header included, padding excluded.</summary>
    public ReadOnlySpan<byte> Packet { get; private set; }

    /// <summary>True when the datagram ended in a broken header.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Moves to the next packet.</summary>
    public bool MoveNext()
    {
        if (_offset + 4 > _data.Length)
        {
            IsMalformed = _offset != _data.Length;
            return false;
        }

        byte first = _data[_offset];
        int length = (BinaryPrimitives.ReadUInt16BigEndian(_data[(_offset + 2)..]) + 1) * 4;
        if (first >> 6 != 2 || _offset + length > _data.Length)
        {
            IsMalformed = true;
            return false;
        }

        var packet = _data.Slice(_offset, length);
        if ((first & 0x20) != 0)
        {
            int padding = packet[^1];
            if (padding == 0 || padding > length - 4)
            {
                IsMalformed = true;
                return false;
            }

            packet = packet[..^padding];
        }

        Type = (RtcpPacketType)_data[_offset + 1];
        CountOrFormat = first & 0x1F;
        Packet = packet;
        _offset += length;
        return true;
    }

    /// <summary>Reads the report blocks of an SR or RR into <paramref name="blocks"/>; returns how many.</summary>
    public readonly int ReadReportBlocks(Span<RtcpReportBlock> blocks)
    {
        int start = Type == RtcpPacketType.SenderReport ? 28 : Type == RtcpPacketType.ReceiverReport ? 8 : -1;
        if (start < 0)
        {
            return 0;
        }

        int count = Math.Min(CountOrFormat, blocks.Length);
        int available = (Packet.Length - start) / 24;
        count = Math.Min(count, available);
        for (int i = 0; i < count; i++)
        {
            var b = Packet.Slice(start + (i * 24), 24);
            int lost = (b[5] << 16) | (b[6] << 8) | b[7];
            if ((lost & 0x800000) != 0)
            {
                lost |= unchecked((int)0xFF000000);
            }

            blocks[i] = new RtcpReportBlock(
                BinaryPrimitives.ReadUInt32BigEndian(b),
                b[4],
                lost,
                BinaryPrimitives.ReadUInt32BigEndian(b[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
        }

        return count;
    }

    /// <summary>For RTPFB/PSFB: the media source SSRC the feedback is about (0 when too short).</summary>
    public readonly uint FeedbackMediaSsrc =>
        Packet.Length >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(Packet[8..]) : 0;

    /// <summary>
    /// For a generic NACK: writes every sequence number reported missing into <paramref name="lost"/> (as many as fit)
    /// and returns how many; no delegate and no allocation, since NACKs arrive on the receive loop.
    /// </summary>
    public readonly int ReadNackedSequences(Span<ushort> lost)
    {
        int count = 0;
        for (int offset = 12; offset + 4 <= Packet.Length && count < lost.Length; offset += 4)
        {
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(Packet[offset..]);
            ushort blp = BinaryPrimitives.ReadUInt16BigEndian(Packet[(offset + 2)..]);
            lost[count++] = pid;
            for (int bit = 0; bit < 16 && count < lost.Length; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    lost[count++] = unchecked((ushort)(pid + bit + 1));
                }
            }
        }

        return count;
    }
    /// <summary>
    /// For a FIR (RFC 5104 §4.3.1): writes each FCI entry's target SSRC and command sequence number into
    /// <paramref name="requests"/> (as many as fit) and returns how many.
    /// </summary>
    public readonly int ReadFullIntraRequests(Span<FullIntraRequest> requests)
    {
        int count = 0;
        for (int offset = 12; offset + 8 <= Packet.Length && count < requests.Length; offset += 8)
        {
            requests[count++] = new FullIntraRequest(BinaryPrimitives.ReadUInt32BigEndian(Packet[offset..]), Packet[offset + 4]);
        }

        return count;
    }

    /// <summary>
    /// For PSFB application-layer feedback: the bitrate of a REMB message (draft-alvestrand-rmcat-remb-03 §2.2), or
    /// false when the packet is some other application feedback or is cut short.
    /// </summary>
    public readonly bool TryReadRemb(out long bitsPerSecond)
    {
        bitsPerSecond = 0;
        if (Packet.Length < 20 || !Packet.Slice(12, 4).SequenceEqual("REMB"u8))
        {
            return false;
        }

        int exponent = Packet[17] >> 2;
        long mantissa = ((Packet[17] & 0x03) << 16) | (Packet[18] << 8) | Packet[19];

        // 18-bit mantissa shifted by up to 63 overflows a long; anything that large means "no limit".
        bitsPerSecond = exponent > 45 ? long.MaxValue : Math.Min(long.MaxValue >> 1, mantissa << exponent);
        return true;
    }
}

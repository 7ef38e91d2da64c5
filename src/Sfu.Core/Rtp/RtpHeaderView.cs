using System.Buffers.Binary;

namespace Sfu.Core.Rtp;

/// <summary>
/// A validated view of a received RTP packet's header (RFC 3550 §5.1) and its RFC 8285 header extensions, for
/// packets from publishers: every length is checked once in <see cref="TryParse"/>, nothing is copied.
/// </summary>
public readonly ref struct RtpHeaderView
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _extensionStart;
    private readonly int _extensionEnd;
    private readonly ushort _extensionProfile;

    private RtpHeaderView(ReadOnlySpan<byte> packet, int extensionStart, int extensionEnd, ushort extensionProfile, int payloadOffset, int payloadEnd)
    {
        _packet = packet;
        _extensionStart = extensionStart;
        _extensionEnd = extensionEnd;
        _extensionProfile = extensionProfile;
        PayloadOffset = payloadOffset;
        PayloadEnd = payloadEnd;
    }

    /// <summary>Marker bit.</summary>
    public bool Marker => (_packet[1] & 0x80) != 0;

    /// <summary>Payload type.</summary>
    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    /// <summary>Media timestamp.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    /// <summary>Synchronisation source.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>Where the payload starts.</summary>
    public int PayloadOffset { get; }

    /// <summary>Where the payload ends (before padding).</summary>
    public int PayloadEnd { get; }

    /// <summary>The payload without padding.</summary>
    public ReadOnlySpan<byte> Payload => _packet[PayloadOffset..PayloadEnd];

    /// <summary>Checks version, CSRCs, extension block and padding against the length; false when they do not fit.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeaderView header)
    {
        header = default;
        if (packet.Length < RtpPacket.FixedHeaderSize || (packet[0] >> 6) != 2)
        {
            return false;
        }

        int offset = RtpPacket.FixedHeaderSize + ((packet[0] & 0x0F) * 4);
        int extensionStart = 0;
        int extensionEnd = 0;
        ushort profile = 0;
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < offset + 4)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            int words = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            extensionStart = offset + 4;
            extensionEnd = extensionStart + (words * 4);
            offset = extensionEnd;
        }

        int end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            int padding = packet[^1];
            if (padding == 0)
            {
                return false;
            }

            end -= padding;
        }

        if (offset > end)
        {
            return false;
        }

        header = new RtpHeaderView(packet, extensionStart, extensionEnd, profile, offset, end);
        return true;
    }

    /// <summary>The data of header extension <paramref name="id"/> (one-byte or two-byte form), if present.</summary>
    public bool TryGetExtension(int id, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (id <= 0 || _extensionEnd == 0)
        {
            return false;
        }

        bool oneByte = _extensionProfile == 0xBEDE;
        bool twoByte = (_extensionProfile & 0xFFF0) == 0x1000;
        int offset = _extensionStart;
        while (offset < _extensionEnd)
        {
            int elementId;
            int length;
            if (oneByte)
            {
                byte first = _packet[offset];
                if (first == 0)
                {
                    offset++;
                    continue;
                }

                elementId = first >> 4;
                length = (first & 0x0F) + 1;
                if (elementId == 15)
                {
                    return false;
                }

                offset++;
            }
            else if (twoByte)
            {
                if (_packet[offset] == 0)
                {
                    offset++;
                    continue;
                }

                if (offset + 2 > _extensionEnd)
                {
                    return false;
                }

                elementId = _packet[offset];
                length = _packet[offset + 1];
                offset += 2;
            }
            else
            {
                return false;
            }

            if (offset + length > _extensionEnd)
            {
                return false;
            }

            if (elementId == id)
            {
                data = _packet.Slice(offset, length);
                return true;
            }

            offset += length;
        }

        return false;
    }
}

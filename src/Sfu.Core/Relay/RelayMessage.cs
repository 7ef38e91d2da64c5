using System.Buffers;
using System.Buffers.Binary;
using Sfu.Core.Rtp;

namespace Sfu.Core.Relay;

/// <summary>
/// The relay's messages, one per WebSocket message: the origin's track list (JSON), runs of RTP packets, and an edge's
/// keyframe request. Packets keep the origin's numbering; the origin's wall-clock send time rides along so the edge
/// can measure what the hop adds.
/// </summary>
/// <remarks>
/// Tracks: <c>[1]</c> then a UTF-8 JSON array of <see cref="RelayTrackDescription"/>.
/// Packets: <c>[2][track][count u16][sent µs since the Unix epoch i64]</c>, then per packet
/// <c>[flags][length u16][RTP bytes]</c>, flags bit 0 marking a keyframe's first packet. All integers big-endian.
/// Keyframe request (edge to origin): <c>[3][track]</c>.
/// </remarks>
public static class RelayMessage
{
    /// <summary>The origin's current track list.</summary>
    public const byte Tracks = 1;

    /// <summary>A run of one track's packets.</summary>
    public const byte Packets = 2;

    /// <summary>An edge asks the origin's source for a keyframe of one track.</summary>
    public const byte KeyframeRequest = 3;

    /// <summary>Bytes before the first packet of a packets message.</summary>
    public const int PacketsHeaderLength = 12;

    /// <summary>Bytes before each packet's RTP bytes.</summary>
    public const int PacketPrefixLength = 3;

    private const byte KeyframeStartFlag = 1;

    /// <summary>Wall-clock microseconds since the Unix epoch, the relay's send stamp.</summary>
    public static long NowMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Bytes a packets message of <paramref name="packets"/> needs.</summary>
    public static int PacketsLength(ReadOnlySpan<RtpPacket> packets)
    {
        int length = PacketsHeaderLength;
        foreach (var packet in packets)
        {
            length += PacketPrefixLength + packet.Length;
        }

        return length;
    }

    /// <summary>Writes a packets message into <paramref name="destination"/>; returns its length.</summary>
    public static int WritePackets(Span<byte> destination, int track, ReadOnlySpan<RtpPacket> packets, long sentMicroseconds)
    {
        destination[0] = Packets;
        destination[1] = (byte)track;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)packets.Length);
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], sentMicroseconds);
        int offset = PacketsHeaderLength;
        foreach (var packet in packets)
        {
            destination[offset] = packet.IsKeyframeStart ? KeyframeStartFlag : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 1)..], (ushort)packet.Length);
            packet.Span.CopyTo(destination[(offset + PacketPrefixLength)..]);
            offset += PacketPrefixLength + packet.Length;
        }

        return offset;
    }

    /// <summary>
    /// Reads a packets message: rents a packet per entry from <paramref name="pool"/> into <paramref name="packets"/>
    /// (the caller releases them). False, with nothing rented, when the message is malformed.
    /// </summary>
    public static bool TryReadPackets(ReadOnlySpan<byte> message, RtpPacketPool pool, List<RtpPacket> packets, out int track, out long sentMicroseconds)
    {
        track = 0;
        sentMicroseconds = 0;
        if (message.Length < PacketsHeaderLength || message[0] != Packets)
        {
            return false;
        }

        track = message[1];
        int count = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        sentMicroseconds = BinaryPrimitives.ReadInt64BigEndian(message[4..]);

        // Validate the whole message before renting anything.
        int offset = PacketsHeaderLength;
        for (int i = 0; i < count; i++)
        {
            if (offset + PacketPrefixLength > message.Length)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 1)..]);
            if (length < RtpPacket.FixedHeaderSize || length > pool.PacketCapacity || offset + PacketPrefixLength + length > message.Length
                || !RtpHeaderView.TryParse(message.Slice(offset + PacketPrefixLength, length), out _))
            {
                return false;
            }

            offset += PacketPrefixLength + length;
        }

        if (offset != message.Length)
        {
            return false;
        }

        offset = PacketsHeaderLength;
        for (int i = 0; i < count; i++)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 1)..]);
            var packet = pool.Rent();
            message.Slice(offset + PacketPrefixLength, length).CopyTo(packet.Buffer);
            packet.Length = length;
            packet.IsKeyframeStart = (message[offset] & KeyframeStartFlag) != 0;
            packets.Add(packet);
            offset += PacketPrefixLength + length;
        }

        return true;
    }

    /// <summary>A keyframe request for one track.</summary>
    public static byte[] KeyframeRequestFor(int track) => [KeyframeRequest, (byte)track];

    /// <summary>A track-list message.</summary>
    public static byte[] TracksMessage(IReadOnlyList<RelayTrackDescription> tracks)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(tracks, RelayJson.Options);
        var message = new byte[json.Length + 1];
        message[0] = Tracks;
        json.CopyTo(message, 1);
        return message;
    }

    /// <summary>Reads a track-list message; null when it is not one or does not parse.</summary>
    public static IReadOnlyList<RelayTrackDescription>? TryReadTracks(ReadOnlySpan<byte> message)
    {
        if (message.Length < 2 || message[0] != Tracks)
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<RelayTrackDescription>>(message[1..], RelayJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Rents a buffer for a message of <paramref name="length"/> bytes.</summary>
    public static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(length);

    /// <summary>Returns a buffer <see cref="Rent"/> gave.</summary>
    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}

/// <summary>JSON settings for the relay's track list.</summary>
internal static class RelayJson
{
    public static System.Text.Json.JsonSerializerOptions Options { get; } = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

using System.Buffers;
using System.Buffers.Binary;

namespace Ingest.Rtmp.Protocol;

/// <summary>Writes protocol control and user control messages (RTMP spec §5.4, §7.1.7).</summary>
internal static class ProtocolControl
{
    /// <summary>Chunk stream id reserved for protocol control messages.</summary>
    public const int ChunkStreamId = 2;

    public static void WriteSetChunkSize(RtmpChunkWriter writer, IBufferWriter<byte> output, int size) =>
        WriteUInt32(writer, output, RtmpMessageType.SetChunkSize, (uint)size);

    public static void WriteAcknowledgement(RtmpChunkWriter writer, IBufferWriter<byte> output, uint sequenceNumber) =>
        WriteUInt32(writer, output, RtmpMessageType.Acknowledgement, sequenceNumber);

    public static void WriteWindowAcknowledgementSize(RtmpChunkWriter writer, IBufferWriter<byte> output, int size) =>
        WriteUInt32(writer, output, RtmpMessageType.WindowAcknowledgementSize, (uint)size);

    /// <summary>Set Peer Bandwidth with limit type 2 (dynamic), as media servers send it after connect.</summary>
    public static void WriteSetPeerBandwidth(RtmpChunkWriter writer, IBufferWriter<byte> output, int size)
    {
        Span<byte> payload = stackalloc byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)size);
        payload[4] = 2;
        writer.Write(output, ChunkStreamId, RtmpMessageType.SetPeerBandwidth, 0, 0, payload);
    }

    public static void WriteUserControl(RtmpChunkWriter writer, IBufferWriter<byte> output, UserControlEventType type, uint value)
    {
        Span<byte> payload = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(payload[2..], value);
        writer.Write(output, ChunkStreamId, RtmpMessageType.UserControl, 0, 0, payload);
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> payload, RtmpMessageType type) =>
        payload.Length >= 4
            ? BinaryPrimitives.ReadUInt32BigEndian(payload)
            : throw new RtmpProtocolException($"{type} message has {payload.Length} bytes; it needs 4.");

    private static void WriteUInt32(RtmpChunkWriter writer, IBufferWriter<byte> output, RtmpMessageType type, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        writer.Write(output, ChunkStreamId, type, 0, 0, payload);
    }
}

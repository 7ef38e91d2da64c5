namespace Ingest.Rtmp.Protocol;

/// <summary>A reassembled RTMP message; <see cref="Payload"/> is only valid until the next message is read.</summary>
/// <param name="ChunkStreamId">Chunk stream it arrived on.</param>
/// <param name="Type">Message type id.</param>
/// <param name="StreamId">Message stream id (0 for the connection, the createStream result for media).</param>
/// <param name="Timestamp">32-bit RTMP timestamp in milliseconds (wraps).</param>
/// <param name="Payload">Message body.</param>
public readonly record struct RtmpMessage(int ChunkStreamId, RtmpMessageType Type, uint StreamId, uint Timestamp, ReadOnlyMemory<byte> Payload);

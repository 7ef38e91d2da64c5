using System.Buffers;
using System.Buffers.Binary;

namespace Ingest.Rtmp.Protocol;

/// <summary>Splits outgoing messages into chunks: a type-0 header, then type-3 continuation chunks.</summary>
internal sealed class RtmpChunkWriter
{
    private const uint ExtendedTimestampMarker = 0xFFFFFF;

    /// <summary>Our outgoing chunk size; change it only right after sending Set Chunk Size.</summary>
    public int ChunkSize { get; set; } = RtmpChunkReader.DefaultChunkSize;

    /// <summary>Writes one message as chunks into <paramref name="output"/>.</summary>
    public void Write(IBufferWriter<byte> output, int chunkStreamId, RtmpMessageType type, uint streamId, uint timestamp, ReadOnlySpan<byte> payload)
    {
        bool extended = timestamp >= ExtendedTimestampMarker;
        int offset = 0;
        bool first = true;
        do
        {
            int take = Math.Min(ChunkSize, payload.Length - offset);
            var span = output.GetSpan(3 + 11 + 4 + take);
            int n = WriteBasicHeader(span, first ? 0 : 3, chunkStreamId);
            if (first)
            {
                uint field = extended ? ExtendedTimestampMarker : timestamp;
                span[n] = (byte)(field >> 16);
                span[n + 1] = (byte)(field >> 8);
                span[n + 2] = (byte)field;
                span[n + 3] = (byte)(payload.Length >> 16);
                span[n + 4] = (byte)(payload.Length >> 8);
                span[n + 5] = (byte)payload.Length;
                span[n + 6] = (byte)type;
                BinaryPrimitives.WriteUInt32LittleEndian(span[(n + 7)..], streamId);
                n += 11;
            }

            if (extended)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span[n..], timestamp);
                n += 4;
            }

            payload.Slice(offset, take).CopyTo(span[n..]);
            output.Advance(n + take);
            offset += take;
            first = false;
        }
        while (offset < payload.Length);
    }

    private static int WriteBasicHeader(Span<byte> span, int format, int chunkStreamId)
    {
        if (chunkStreamId < 64)
        {
            span[0] = (byte)((format << 6) | chunkStreamId);
            return 1;
        }

        if (chunkStreamId < 64 + 256)
        {
            span[0] = (byte)(format << 6);
            span[1] = (byte)(chunkStreamId - 64);
            return 2;
        }

        span[0] = (byte)((format << 6) | 1);
        span[1] = (byte)((chunkStreamId - 64) & 0xFF);
        span[2] = (byte)((chunkStreamId - 64) >> 8);
        return 3;
    }
}

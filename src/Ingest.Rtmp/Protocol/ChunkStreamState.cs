using System.Buffers;

namespace Ingest.Rtmp.Protocol;

/// <summary>What one chunk stream remembers between chunks: the last header and the message being assembled.</summary>
internal sealed class ChunkStreamState
{
    public uint Timestamp;
    public uint TimestampDelta;
    public int MessageLength;
    public RtmpMessageType MessageType;
    public uint MessageStreamId;
    public bool HasExtendedTimestamp;
    public uint ExtendedTimestampField;
    public bool HasHeader;

    public byte[] Buffer = [];
    public int BytesRead;

    public void EnsureCapacity(int length)
    {
        if (Buffer.Length >= length)
        {
            return;
        }

        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }

        Buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 256));
    }

    public void ReleaseBuffer()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }
}

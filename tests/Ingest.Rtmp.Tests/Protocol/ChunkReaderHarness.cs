using System.Buffers;
using Ingest.Rtmp.Protocol;

namespace Ingest.Rtmp.Tests.Protocol;

/// <summary>Feeds bytes to an <see cref="RtmpChunkReader"/> in chosen pieces, acting on Set Chunk Size and Abort as a connection does.</summary>
internal static class ChunkReaderHarness
{
    public sealed record Decoded(int Csid, RtmpMessageType Type, uint StreamId, uint Timestamp, byte[] Payload);

    public static List<Decoded> Decode(byte[] bytes, IEnumerable<int>? pieceSizes = null, int maxMessageSize = 1 << 20)
    {
        using var reader = new RtmpChunkReader(maxMessageSize);
        var messages = new List<Decoded>();
        var pending = new List<byte>();
        int offset = 0;
        using var sizes = (pieceSizes ?? [int.MaxValue]).GetEnumerator();
        while (offset < bytes.Length)
        {
            int size = sizes.MoveNext() ? Math.Max(1, sizes.Current) : int.MaxValue;
            int take = Math.Min(size, bytes.Length - offset);
            pending.AddRange(bytes.AsSpan(offset, take));
            offset += take;

            var sequence = Segmented(pending.ToArray());
            var seqReader = new SequenceReader<byte>(sequence);
            while (reader.TryReadMessage(ref seqReader, out var message))
            {
                messages.Add(new Decoded(message.ChunkStreamId, message.Type, message.StreamId, message.Timestamp, message.Payload.ToArray()));
                if (message.Type == RtmpMessageType.SetChunkSize)
                {
                    reader.SetChunkSize(ProtocolControl.ReadUInt32(message.Payload.Span, message.Type));
                }
                else if (message.Type == RtmpMessageType.Abort)
                {
                    reader.Abort((int)ProtocolControl.ReadUInt32(message.Payload.Span, message.Type));
                }
            }

            pending.RemoveRange(0, (int)seqReader.Consumed);
        }

        return messages;
    }

    /// <summary>Splits data into a multi-segment sequence so the reader also crosses segment boundaries.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] data)
    {
        if (data.Length < 2)
        {
            return new ReadOnlySequence<byte>(data);
        }

        int split = data.Length / 2;
        var first = new Segment(data.AsMemory(0, split), 0);
        var last = first.Append(data.AsMemory(split));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

using System.Buffers;

namespace Ingest.Rtmp.Protocol;

/// <summary>Reassembles RTMP messages from the chunk stream (RTMP spec §5.3), incrementally and without copying twice.</summary>
/// <remarks>
/// Payload bytes are copied straight from the network buffer into a per-chunk-stream message buffer as they arrive,
/// so a chunk larger than the pipe's buffer never stalls the reader. Every violation throws
/// <see cref="RtmpProtocolException"/> with the reason; the connection closes and no other connection is affected.
/// </remarks>
internal sealed class RtmpChunkReader : IDisposable
{
    /// <summary>Chunk size every RTMP connection starts with.</summary>
    public const int DefaultChunkSize = 128;

    /// <summary>Largest chunk size accepted from a peer; larger values are only ever seen from broken clients.</summary>
    public const int MaxChunkSize = 16 * 1024 * 1024;

    private const uint ExtendedTimestampMarker = 0xFFFFFF;

    private readonly Dictionary<int, ChunkStreamState> _streams = [];
    private readonly int _maxMessageSize;
    private readonly int _maxChunkStreams;
    private ChunkStreamState? _current;
    private int _currentChunkStreamId;
    private int _chunkRemaining;

    /// <summary>Creates a reader that refuses messages above <paramref name="maxMessageSize"/> bytes.</summary>
    public RtmpChunkReader(int maxMessageSize, int maxChunkStreams = 64)
    {
        _maxMessageSize = maxMessageSize;
        _maxChunkStreams = maxChunkStreams;
    }

    /// <summary>The peer's current chunk size.</summary>
    public int ChunkSize { get; private set; } = DefaultChunkSize;

    /// <summary>Applies a Set Chunk Size message from the peer.</summary>
    public void SetChunkSize(uint size)
    {
        if ((size & 0x80000000) != 0 || size == 0 || size > MaxChunkSize)
        {
            throw new RtmpProtocolException($"Set Chunk Size {size} is outside 1..{MaxChunkSize}.");
        }

        ChunkSize = (int)size;
    }

    /// <summary>Applies an Abort message: drops the partly received message on that chunk stream.</summary>
    public void Abort(int chunkStreamId)
    {
        if (_streams.TryGetValue(chunkStreamId, out var state))
        {
            state.BytesRead = 0;
            if (ReferenceEquals(_current, state))
            {
                _current = null;
                _chunkRemaining = 0;
            }
        }
    }

    /// <summary>Reads chunks until a message completes (true) or the input runs out (false).</summary>
    public bool TryReadMessage(ref SequenceReader<byte> reader, out RtmpMessage message)
    {
        while (true)
        {
            if (_current is null)
            {
                if (!TryReadChunkHeader(ref reader))
                {
                    message = default;
                    return false;
                }

                if (_current!.MessageLength == 0)
                {
                    message = Complete();
                    return true;
                }
            }

            var state = _current;
            int take = (int)Math.Min(_chunkRemaining, reader.Remaining);
            if (take > 0)
            {
                reader.TryCopyTo(state.Buffer.AsSpan(state.BytesRead, take));
                reader.Advance(take);
                state.BytesRead += take;
                _chunkRemaining -= take;
            }

            if (_chunkRemaining > 0)
            {
                message = default;
                return false;
            }

            if (state.BytesRead == state.MessageLength)
            {
                message = Complete();
                return true;
            }

            _current = null;
        }
    }

    /// <summary>Returns every message buffer to the pool.</summary>
    public void Dispose()
    {
        foreach (var state in _streams.Values)
        {
            state.ReleaseBuffer();
        }

        _streams.Clear();
    }

    private RtmpMessage Complete()
    {
        var state = _current!;
        var message = new RtmpMessage(
            _currentChunkStreamId,
            state.MessageType,
            state.MessageStreamId,
            state.Timestamp,
            state.Buffer.AsMemory(0, state.MessageLength));
        state.BytesRead = 0;
        _current = null;
        return message;
    }

    private bool TryReadChunkHeader(ref SequenceReader<byte> input)
    {
        // Parse on a copy so nothing is consumed until the whole header is there.
        var reader = input;
        if (!reader.TryRead(out byte first))
        {
            return false;
        }

        int format = first >> 6;
        int chunkStreamId = first & 0x3F;
        if (chunkStreamId == 0)
        {
            if (!reader.TryRead(out byte b1))
            {
                return false;
            }

            chunkStreamId = 64 + b1;
        }
        else if (chunkStreamId == 1)
        {
            if (!reader.TryRead(out byte b1) || !reader.TryRead(out byte b2))
            {
                return false;
            }

            chunkStreamId = 64 + b1 + (b2 * 256);
        }

        int headerSize = format switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
        if (reader.Remaining < headerSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[11];
        reader.TryCopyTo(header[..headerSize]);
        reader.Advance(headerSize);

        if (!_streams.TryGetValue(chunkStreamId, out var state))
        {
            if (format > 1)
            {
                throw new RtmpProtocolException($"Chunk stream {chunkStreamId} starts with a type-{format} header, which needs an earlier header to refer to.");
            }

            if (_streams.Count >= _maxChunkStreams)
            {
                throw new RtmpProtocolException($"More than {_maxChunkStreams} chunk streams opened on one connection.");
            }

            state = new ChunkStreamState();
            _streams.Add(chunkStreamId, state);
        }

        bool continuation = state.BytesRead > 0;
        if (continuation && format != 3)
        {
            throw new RtmpProtocolException(
                $"Chunk stream {chunkStreamId} got a type-{format} header in the middle of a {state.MessageLength}-byte message ({state.BytesRead} bytes read).");
        }

        if (format == 3 && !state.HasHeader)
        {
            throw new RtmpProtocolException($"Chunk stream {chunkStreamId} sent a type-3 header before any full header.");
        }

        uint timestampField = 0;
        if (format <= 2)
        {
            timestampField = (uint)((header[0] << 16) | (header[1] << 8) | header[2]);
        }

        int length = state.MessageLength;
        var type = state.MessageType;
        uint streamId = state.MessageStreamId;
        if (format <= 1)
        {
            length = (header[3] << 16) | (header[4] << 8) | header[5];
            type = (RtmpMessageType)header[6];
        }

        if (format == 0)
        {
            streamId = (uint)(header[7] | (header[8] << 8) | (header[9] << 16) | (header[10] << 24));
        }

        bool extended;
        uint extendedValue = 0;
        if (format <= 2)
        {
            extended = timestampField == ExtendedTimestampMarker;
            if (extended)
            {
                if (!TryReadUInt32(ref reader, out extendedValue))
                {
                    return false;
                }

                timestampField = extendedValue;
            }
        }
        else
        {
            extended = state.HasExtendedTimestamp;
            if (extended)
            {
                // Type-3 chunks repeat the extended timestamp (spec §5.3.1.3), but some encoders omit it on
                // continuation chunks; only consume the four bytes when they carry the same value.
                var peek = reader;
                if (!TryReadUInt32(ref peek, out uint repeated))
                {
                    return false;
                }

                if (repeated == state.ExtendedTimestampField)
                {
                    reader = peek;
                }
                else if (!continuation)
                {
                    throw new RtmpProtocolException(
                        $"Chunk stream {chunkStreamId} type-3 header lacks the repeated extended timestamp {state.ExtendedTimestampField}.");
                }
            }
        }

        if (length > _maxMessageSize)
        {
            throw new RtmpProtocolException($"Message of {length} bytes on chunk stream {chunkStreamId} exceeds the {_maxMessageSize}-byte limit.");
        }

        input = reader;

        if (!continuation)
        {
            switch (format)
            {
                case 0:
                    state.Timestamp = timestampField;
                    state.TimestampDelta = timestampField;
                    break;
                case 1:
                case 2:
                    state.TimestampDelta = timestampField;
                    state.Timestamp += timestampField;
                    break;
                default:
                    state.Timestamp += state.TimestampDelta;
                    break;
            }

            state.MessageLength = length;
            state.MessageType = type;
            state.MessageStreamId = streamId;
            state.HasHeader = true;
            state.EnsureCapacity(length);
        }

        if (format <= 2)
        {
            state.HasExtendedTimestamp = extended;
            state.ExtendedTimestampField = extendedValue;
        }

        _current = state;
        _currentChunkStreamId = chunkStreamId;
        _chunkRemaining = Math.Min(ChunkSize, state.MessageLength - state.BytesRead);
        return true;
    }

    private static bool TryReadUInt32(ref SequenceReader<byte> reader, out uint value)
    {
        if (reader.TryReadBigEndian(out int signed))
        {
            value = (uint)signed;
            return true;
        }

        value = 0;
        return false;
    }
}

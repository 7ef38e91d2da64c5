using System.Buffers.Binary;
using Ingest.Rtmp.Protocol;

namespace Ingest.Rtmp.Tests.Protocol;

/// <summary>A test-side chunk encoder that compresses headers (types 0-3) the way real clients do.</summary>
internal sealed class ChunkEncoder
{
    private readonly Dictionary<int, (uint Timestamp, uint Delta, int Length, RtmpMessageType Type, uint StreamId, bool Extended)> _last = [];
    private readonly MemoryStream _output = new();

    public int ChunkSize { get; set; } = 128;

    /// <summary>Whether type-3 continuation chunks repeat the extended timestamp (spec) or omit it (some encoders).</summary>
    public bool RepeatExtendedTimestampOnContinuation { get; set; } = true;

    public byte[] ToArray() => _output.ToArray();

    /// <summary>Forgets the bytes written so far, keeping the header state (the peer has seen them).</summary>
    public void Reset() => _output.SetLength(0);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

    /// <summary>Writes a message choosing the smallest header type that keeps the reader's state correct.</summary>
    public void Write(int csid, RtmpMessageType type, uint streamId, uint timestamp, ReadOnlySpan<byte> payload, int? forceFormat = null)
    {
        int format;
        uint field;
        if (_last.TryGetValue(csid, out var last) && last.StreamId == streamId)
        {
            uint delta = timestamp - last.Timestamp;
            if (last.Length == payload.Length && last.Type == type)
            {
                format = delta == last.Delta ? 3 : 2;
            }
            else
            {
                format = 1;
            }

            field = delta;
        }
        else
        {
            format = 0;
            field = timestamp;
        }

        if (forceFormat is { } forced)
        {
            format = forced;
            field = forced == 0 ? timestamp : timestamp - last.Timestamp;
        }

        bool extended = format == 3 ? last.Extended : field >= 0xFFFFFF;
        uint extendedValue = format == 3 ? last.Delta : field;
        int offset = 0;
        bool first = true;
        Span<byte> word = stackalloc byte[4];
        do
        {
            int take = Math.Min(ChunkSize, payload.Length - offset);
            WriteBasicHeader(first ? format : 3, csid);
            if (first && format < 3)
            {
                WriteUInt24(extended ? 0xFFFFFF : field);
                if (format <= 1)
                {
                    WriteUInt24((uint)payload.Length);
                    _output.WriteByte((byte)type);
                }

                if (format == 0)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(word, streamId);
                    _output.Write(word);
                }
            }

            if (extended && (first || RepeatExtendedTimestampOnContinuation))
            {
                BinaryPrimitives.WriteUInt32BigEndian(word, first && format < 3 ? field : extendedValue);
                _output.Write(word);
            }

            _output.Write(payload.Slice(offset, take));
            offset += take;
            first = false;
        }
        while (offset < payload.Length);

        uint newDelta = format == 0 ? timestamp : format == 3 ? last.Delta : field;
        _last[csid] = (timestamp, newDelta, payload.Length, type, streamId, extended);
    }

    private void WriteBasicHeader(int format, int csid)
    {
        if (csid < 64)
        {
            _output.WriteByte((byte)((format << 6) | csid));
        }
        else if (csid < 320)
        {
            _output.WriteByte((byte)(format << 6));
            _output.WriteByte((byte)(csid - 64));
        }
        else
        {
            _output.WriteByte((byte)((format << 6) | 1));
            _output.WriteByte((byte)((csid - 64) & 0xFF));
            _output.WriteByte((byte)((csid - 64) >> 8));
        }
    }

    private void WriteUInt24(uint value)
    {
        _output.WriteByte((byte)(value >> 16));
        _output.WriteByte((byte)(value >> 8));
        _output.WriteByte((byte)value);
    }
}

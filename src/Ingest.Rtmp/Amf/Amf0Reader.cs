using System.Buffers.Binary;
using System.Text;

namespace Ingest.Rtmp.Amf;

/// <summary>Decodes AMF0 values (with AMF3 islands) from untrusted bytes; any malformed input ends in <see cref="AmfFormatException"/>.</summary>
/// <remarks>
/// Values map to: double, bool, string (also long strings and XML documents), null, <see cref="AmfUndefined"/>,
/// <see cref="AmfObject"/> (objects, typed objects, ECMA arrays), <c>List&lt;object?&gt;</c> (strict arrays),
/// <see cref="DateTimeOffset"/> (UTC) and, inside AMF3 islands, <c>byte[]</c>.
/// References resolve to the same instance, so hostile input can produce cyclic graphs; never walk
/// decoded values recursively without a depth bound.
/// </remarks>
public ref struct Amf0Reader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _depth;

    // AMF0 reference table: objects, typed objects, ECMA arrays and strict arrays in the order they start.
    private List<object>? _references;

    /// <summary>Creates a reader over one message body; references are shared by all values read from it.</summary>
    public Amf0Reader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>True once every byte has been consumed.</summary>
    public readonly bool IsAtEnd => _position >= _data.Length;

    private readonly int Remaining => _data.Length - _position;

    /// <summary>Reads every remaining value, e.g. a command's name, transaction id, command object and arguments.</summary>
    public List<object?> ReadAll()
    {
        var values = new List<object?>();
        while (!IsAtEnd)
        {
            values.Add(ReadValue());
        }

        return values;
    }

    /// <summary>Reads one value.</summary>
    public object? ReadValue()
    {
        var markerOffset = _position;
        var marker = ReadByte();
        switch (marker)
        {
            case Amf0Marker.Number:
                return ReadDouble();
            case Amf0Marker.Boolean:
                return ReadByte() != 0;
            case Amf0Marker.String:
                return ReadUtf8(ReadUInt16());
            case Amf0Marker.Object:
                return ReadProperties(new AmfObject());
            case Amf0Marker.Null:
                return null;
            case Amf0Marker.Undefined:
            case Amf0Marker.Unsupported:
                // The spec lets a sender substitute "unsupported" for a value it cannot encode; to a
                // consumer that is indistinguishable from an absent value.
                return AmfUndefined.Instance;
            case Amf0Marker.Reference:
                return ReadReference();
            case Amf0Marker.EcmaArray:
                return ReadEcmaArray();
            case Amf0Marker.StrictArray:
                return ReadStrictArray();
            case Amf0Marker.Date:
                return ReadDate();
            case Amf0Marker.LongString:
            case Amf0Marker.XmlDocument:
                return ReadUtf8(ReadLength32());
            case Amf0Marker.TypedObject:
                return ReadProperties(new AmfObject { ClassName = ReadUtf8(ReadUInt16()) });
            case Amf0Marker.AvmPlusObject:
                return ReadAmf3Value();
            case Amf0Marker.ObjectEnd:
                throw new AmfFormatException("AMF0 object-end marker outside an object", markerOffset);
            default:
                throw new AmfFormatException($"Unsupported AMF0 marker 0x{marker:X2}", markerOffset);
        }
    }

    private AmfObject ReadProperties(AmfObject target)
    {
        Enter();
        Register(target);
        while (true)
        {
            var keyLength = ReadUInt16();
            if (keyLength == 0 && PeekByte() == Amf0Marker.ObjectEnd)
            {
                _position++;
                break;
            }

            // Indexer rather than Add: duplicate keys in hostile input must not throw, last one wins.
            target[ReadUtf8(keyLength)] = ReadValue();
        }

        Exit();
        return target;
    }

    private AmfObject ReadEcmaArray()
    {
        // The count is only a hint (encoders get it wrong, e.g. 0); the end marker is authoritative.
        // Each property needs at least 3 bytes, which caps the pre-allocation on hostile counts.
        var hint = ReadUInt32();
        var capacity = (int)Math.Min(hint, (uint)Remaining / 3);
        return ReadProperties(new AmfObject(capacity) { IsEcmaArray = true });
    }

    private List<object?> ReadStrictArray()
    {
        var countOffset = _position;
        var count = ReadUInt32();
        if (count > (uint)Remaining)
        {
            // Every element takes at least one byte, so a larger count cannot be satisfied.
            throw new AmfFormatException($"AMF0 strict array count {count} exceeds the {Remaining} bytes left", countOffset);
        }

        Enter();
        var list = new List<object?>((int)count);
        Register(list);
        for (var i = 0; i < (int)count; i++)
        {
            list.Add(ReadValue());
        }

        Exit();
        return list;
    }

    private object ReadReference()
    {
        var indexOffset = _position;
        int index = ReadUInt16();
        if (_references is null || index >= _references.Count)
        {
            throw new AmfFormatException($"AMF0 reference {index} points past the {_references?.Count ?? 0} known objects", indexOffset);
        }

        return _references[index];
    }

    private DateTimeOffset ReadDate()
    {
        var offset = _position;
        var milliseconds = ReadDouble();
        // Time zone is reserved and must be ignored (AMF0 spec 2.13); the instant is UTC.
        _ = ReadUInt16();
        if (!AmfDate.TryFromUnixMilliseconds(milliseconds, out var date))
        {
            throw new AmfFormatException($"AMF0 date {milliseconds} ms is not a representable instant", offset);
        }

        return date;
    }

    private object? ReadAmf3Value()
    {
        // Each avmplus marker starts a fresh AMF3 context: AMF3 reference tables do not carry over.
        var reader = new Amf3Reader(_data[_position..], _depth, _position);
        var value = reader.ReadValue();
        _position += reader.Position;
        return value;
    }

    private void Register(object value) => (_references ??= []).Add(value);

    private void Enter()
    {
        if (++_depth > AmfLimits.MaxDepth)
        {
            throw new AmfFormatException($"AMF0 nesting deeper than {AmfLimits.MaxDepth}", _position);
        }
    }

    private void Exit() => _depth--;

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated(1);
        }

        return _data[_position++];
    }

    private readonly byte PeekByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated(1);
        }

        return _data[_position];
    }

    private ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    private double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    private int ReadLength32()
    {
        var offset = _position;
        var length = ReadUInt32();
        if (length > (uint)Remaining)
        {
            throw new AmfFormatException($"AMF0 long string of {length} bytes exceeds the {Remaining} bytes left", offset);
        }

        return (int)length;
    }

    private string ReadUtf8(int length) => length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > Remaining)
        {
            throw Truncated(length);
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }

    private readonly AmfFormatException Truncated(int needed) =>
        new($"AMF0 data truncated: needed {needed} bytes, {Remaining} left", _position);
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Ingest.Rtmp.Amf;

/// <summary>Decodes AMF3 values from untrusted bytes; any malformed input ends in <see cref="AmfFormatException"/>.</summary>
/// <remarks>
/// Integers are returned as double, like AMF0 numbers, so consumers see one numeric type.
/// Dense arrays become <c>List&lt;object?&gt;</c>; arrays with named keys become an ECMA-array
/// <see cref="AmfObject"/> whose dense elements are keyed "0", "1", ... after the named ones.
/// XML becomes string, ByteArray becomes <c>byte[]</c>. Externalizable objects, vectors and
/// dictionaries are rejected because decoding them needs class-specific code.
/// Reference tables live as long as the reader, as the spec requires within one AMF3 context.
/// </remarks>
public ref struct Amf3Reader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;
    private int _depth;
    private List<string>? _strings;
    private List<object>? _objects;
    private List<Amf3Traits>? _traits;

    /// <summary>Creates a reader whose reference tables start empty.</summary>
    public Amf3Reader(ReadOnlySpan<byte> data)
        : this(data, 0, 0)
    {
    }

    // Used for AMF0's avmplus switch: depth continues from the enclosing AMF0 value and error
    // offsets are reported relative to the whole AMF0 buffer.
    internal Amf3Reader(ReadOnlySpan<byte> data, int depth, int baseOffset)
    {
        _data = data;
        _depth = depth;
        _baseOffset = baseOffset;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>True once every byte has been consumed.</summary>
    public readonly bool IsAtEnd => _position >= _data.Length;

    private readonly int Remaining => _data.Length - _position;

    /// <summary>Reads one value.</summary>
    public object? ReadValue()
    {
        var markerOffset = _position;
        var marker = ReadByte();
        return marker switch
        {
            Amf3Marker.Undefined => AmfUndefined.Instance,
            Amf3Marker.Null => null,
            Amf3Marker.False => false,
            Amf3Marker.True => true,
            Amf3Marker.Integer => (double)ReadInt29(),
            Amf3Marker.Double => BinaryPrimitives.ReadDoubleBigEndian(Take(8)),
            Amf3Marker.String => ReadString(),
            Amf3Marker.XmlDocument or Amf3Marker.Xml => ReadXml(),
            Amf3Marker.Date => ReadDate(),
            Amf3Marker.Array => ReadArray(),
            Amf3Marker.Object => ReadObject(),
            Amf3Marker.ByteArray => ReadByteArray(),
            Amf3Marker.VectorInt or Amf3Marker.VectorUInt or Amf3Marker.VectorDouble or Amf3Marker.VectorObject
                or Amf3Marker.Dictionary => throw Error($"AMF3 marker 0x{marker:X2} (vector/dictionary) is not supported", markerOffset),
            _ => throw Error($"Unknown AMF3 marker 0x{marker:X2}", markerOffset),
        };
    }

    private int ReadInt29()
    {
        // Shift left then arithmetic-shift right to sign-extend bit 28.
        return (ReadU29() << 3) >> 3;
    }

    private int ReadU29()
    {
        // Three 7-bit groups with a continuation bit, then a full 8-bit final byte.
        var value = 0;
        for (var i = 0; i < 3; i++)
        {
            var b = ReadByte();
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        return (value << 8) | ReadByte();
    }

    private string ReadString()
    {
        var offset = _position;
        var header = ReadU29();
        if ((header & 1) == 0)
        {
            var index = header >> 1;
            if (_strings is null || index >= _strings.Count)
            {
                throw Error($"AMF3 string reference {index} points past the {_strings?.Count ?? 0} known strings", offset);
            }

            return _strings[index];
        }

        var length = header >> 1;
        if (length == 0)
        {
            // The empty string is never added to the table (AMF3 spec 1.3.2).
            return string.Empty;
        }

        var value = ReadUtf8(length);
        (_strings ??= []).Add(value);
        return value;
    }

    private object ReadXml()
    {
        var header = ReadU29();
        if ((header & 1) == 0)
        {
            return ObjectReference(header >> 1);
        }

        var value = ReadUtf8(header >> 1);
        Register(value);
        return value;
    }

    private object ReadDate()
    {
        var offset = _position;
        var header = ReadU29();
        if ((header & 1) == 0)
        {
            return ObjectReference(header >> 1);
        }

        var milliseconds = BinaryPrimitives.ReadDoubleBigEndian(Take(8));
        if (!AmfDate.TryFromUnixMilliseconds(milliseconds, out var date))
        {
            throw Error($"AMF3 date {milliseconds} ms is not a representable instant", offset);
        }

        object boxed = date;
        Register(boxed);
        return boxed;
    }

    private object ReadByteArray()
    {
        var header = ReadU29();
        if ((header & 1) == 0)
        {
            return ObjectReference(header >> 1);
        }

        var bytes = Take(header >> 1).ToArray();
        Register(bytes);
        return bytes;
    }

    private object ReadArray()
    {
        var header = ReadU29();
        if ((header & 1) == 0)
        {
            return ObjectReference(header >> 1);
        }

        var denseCount = header >> 1;
        Enter();
        var key = ReadString();
        object result = key.Length == 0 ? ReadDenseArray(denseCount) : ReadMixedArray(key, denseCount);
        Exit();
        return result;
    }

    private List<object?> ReadDenseArray(int count)
    {
        CheckCount(count, "array");
        var list = new List<object?>(count);
        Register(list);
        for (var i = 0; i < count; i++)
        {
            list.Add(ReadValue());
        }

        return list;
    }

    private AmfObject ReadMixedArray(string firstKey, int denseCount)
    {
        var map = new AmfObject { IsEcmaArray = true };
        Register(map);
        for (var key = firstKey; key.Length != 0; key = ReadString())
        {
            map[key] = ReadValue();
        }

        CheckCount(denseCount, "array");
        for (var i = 0; i < denseCount; i++)
        {
            map[i.ToString(CultureInfo.InvariantCulture)] = ReadValue();
        }

        return map;
    }

    private object ReadObject()
    {
        var offset = _position;
        var header = ReadU29();
        if ((header & 1) == 0)
        {
            return ObjectReference(header >> 1);
        }

        var traits = (header & 2) == 0 ? TraitsReference(header >> 2, offset) : ReadTraits(header, offset);
        Enter();
        var target = new AmfObject { ClassName = traits.ClassName.Length == 0 ? null : traits.ClassName };
        Register(target);
        foreach (var member in traits.SealedMembers)
        {
            target[member] = ReadValue();
        }

        if (traits.IsDynamic)
        {
            for (var key = ReadString(); key.Length != 0; key = ReadString())
            {
                target[key] = ReadValue();
            }
        }

        Exit();
        return target;
    }

    private Amf3Traits ReadTraits(int header, int offset)
    {
        if ((header & 4) != 0)
        {
            throw Error("AMF3 externalizable objects are not supported", offset);
        }

        var isDynamic = (header & 8) != 0;
        var sealedCount = header >> 4;
        var className = ReadString();
        CheckCount(sealedCount, "sealed member");
        var members = new string[sealedCount];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = ReadString();
        }

        var traits = new Amf3Traits(className, isDynamic, members);
        (_traits ??= []).Add(traits);
        return traits;
    }

    private readonly Amf3Traits TraitsReference(int index, int offset)
    {
        if (_traits is null || index >= _traits.Count)
        {
            throw Error($"AMF3 traits reference {index} points past the {_traits?.Count ?? 0} known traits", offset);
        }

        return _traits[index];
    }

    private readonly object ObjectReference(int index)
    {
        if (_objects is null || index >= _objects.Count)
        {
            throw Error($"AMF3 object reference {index} points past the {_objects?.Count ?? 0} known objects", _position);
        }

        return _objects[index];
    }

    private void Register(object value) => (_objects ??= []).Add(value);

    private readonly void CheckCount(int count, string what)
    {
        // Every element takes at least one byte, so a larger count cannot be satisfied; checking first
        // keeps hostile counts from driving large allocations.
        if (count > Remaining)
        {
            throw Error($"AMF3 {what} count {count} exceeds the {Remaining} bytes left", _position);
        }
    }

    private void Enter()
    {
        if (++_depth > AmfLimits.MaxDepth)
        {
            throw Error($"AMF3 nesting deeper than {AmfLimits.MaxDepth}", _position);
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
        Error($"AMF3 data truncated: needed {needed} bytes, {Remaining} left", _position);

    private readonly AmfFormatException Error(string message, int offset) => new(message, _baseOffset + offset);
}

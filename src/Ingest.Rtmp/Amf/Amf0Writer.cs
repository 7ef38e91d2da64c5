using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Ingest.Rtmp.Amf;

/// <summary>Encodes AMF0 values into a buffer writer, e.g. for <c>_result</c>/<c>onStatus</c> replies and metadata.</summary>
/// <remarks>
/// <see cref="WriteValue"/> accepts what <see cref="Amf0Reader"/> produces plus other CLR numbers,
/// read-only string-keyed dictionaries (as objects) and read-only lists (as strict arrays).
/// Cyclic graphs are not representable here: nesting beyond 64 levels throws <see cref="ArgumentException"/>.
/// </remarks>
public sealed class Amf0Writer
{
    private const int MaxShortStringBytes = ushort.MaxValue;

    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer appending to <paramref name="output"/>.</summary>
    public Amf0Writer(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes a Number (0x00).</summary>
    public void WriteNumber(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = Amf0Marker.Number;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    /// <summary>Writes a Boolean (0x01).</summary>
    public void WriteBoolean(bool value)
    {
        var span = _output.GetSpan(2);
        span[0] = Amf0Marker.Boolean;
        span[1] = value ? (byte)1 : (byte)0;
        _output.Advance(2);
    }

    /// <summary>Writes a String (0x02), or a Long String (0x0C) when the UTF-8 form exceeds 65535 bytes.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount <= MaxShortStringBytes)
        {
            WriteMarker(Amf0Marker.String);
            WriteUtf8(value, byteCount);
            return;
        }

        var span = _output.GetSpan(5);
        span[0] = Amf0Marker.LongString;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)byteCount);
        _output.Advance(5);
        WriteRawUtf8(value, byteCount);
    }

    /// <summary>Writes Null (0x05).</summary>
    public void WriteNull() => WriteMarker(Amf0Marker.Null);

    /// <summary>Writes Undefined (0x06).</summary>
    public void WriteUndefined() => WriteMarker(Amf0Marker.Undefined);

    /// <summary>Writes an anonymous Object (0x03) with the properties in enumeration order.</summary>
    public void WriteObject(IReadOnlyCollection<KeyValuePair<string, object?>> properties) => WriteObject(properties, 0);

    /// <summary>Writes a Typed Object (0x10): class name then properties.</summary>
    public void WriteTypedObject(string className, IReadOnlyCollection<KeyValuePair<string, object?>> properties) =>
        WriteTypedObject(className, properties, 0);

    /// <summary>Writes an ECMA Array (0x08): associative count, properties, object end.</summary>
    public void WriteEcmaArray(IReadOnlyCollection<KeyValuePair<string, object?>> properties) => WriteEcmaArray(properties, 0);

    /// <summary>Writes a Strict Array (0x0A).</summary>
    public void WriteStrictArray(IReadOnlyList<object?> values) => WriteStrictArray(values, 0);

    /// <summary>Writes a Date (0x0B) as UTC milliseconds since the Unix epoch with a zero time zone.</summary>
    public void WriteDate(DateTimeOffset value)
    {
        var span = _output.GetSpan(11);
        span[0] = Amf0Marker.Date;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], AmfDate.ToUnixMilliseconds(value));
        // Time zone is reserved; the spec asks senders to write 0.
        BinaryPrimitives.WriteInt16BigEndian(span[9..], 0);
        _output.Advance(11);
    }

    /// <summary>Writes any supported value, choosing the AMF0 type from its CLR type.</summary>
    /// <exception cref="ArgumentException">The value (or a nested one) has an unsupported type or nests too deeply.</exception>
    public void WriteValue(object? value) => WriteValue(value, 0);

    private void WriteValue(object? value, int depth)
    {
        switch (value)
        {
            case null:
                WriteNull();
                break;
            case AmfUndefined:
                WriteUndefined();
                break;
            case string text:
                WriteString(text);
                break;
            case bool flag:
                WriteBoolean(flag);
                break;
            case double number:
                WriteNumber(number);
                break;
            case float or int or uint or long or ulong or short or ushort or byte or sbyte or decimal:
                WriteNumber(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset date:
                WriteDate(date);
                break;
            case AmfObject { IsEcmaArray: true } ecma:
                WriteEcmaArray(ecma, depth);
                break;
            case AmfObject { ClassName: { } className } typed:
                WriteTypedObject(className, typed, depth);
                break;
            case IReadOnlyDictionary<string, object?> properties:
                WriteObject(properties, depth);
                break;
            case IReadOnlyList<object?> list:
                WriteStrictArray(list, depth);
                break;
            default:
                throw new ArgumentException($"Type {value.GetType()} has no AMF0 encoding", nameof(value));
        }
    }

    private void WriteObject(IReadOnlyCollection<KeyValuePair<string, object?>> properties, int depth)
    {
        ArgumentNullException.ThrowIfNull(properties);
        WriteMarker(Amf0Marker.Object);
        WriteProperties(properties, depth);
    }

    private void WriteTypedObject(string className, IReadOnlyCollection<KeyValuePair<string, object?>> properties, int depth)
    {
        ArgumentNullException.ThrowIfNull(className);
        ArgumentNullException.ThrowIfNull(properties);
        WriteMarker(Amf0Marker.TypedObject);
        WriteKey(className);
        WriteProperties(properties, depth);
    }

    private void WriteEcmaArray(IReadOnlyCollection<KeyValuePair<string, object?>> properties, int depth)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var span = _output.GetSpan(5);
        span[0] = Amf0Marker.EcmaArray;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)properties.Count);
        _output.Advance(5);
        WriteProperties(properties, depth);
    }

    private void WriteStrictArray(IReadOnlyList<object?> values, int depth)
    {
        ArgumentNullException.ThrowIfNull(values);
        var childDepth = Nest(depth);
        var span = _output.GetSpan(5);
        span[0] = Amf0Marker.StrictArray;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)values.Count);
        _output.Advance(5);
        for (var i = 0; i < values.Count; i++)
        {
            WriteValue(values[i], childDepth);
        }
    }

    private void WriteProperties(IReadOnlyCollection<KeyValuePair<string, object?>> properties, int depth)
    {
        var childDepth = Nest(depth);
        foreach (var (key, value) in properties)
        {
            WriteKey(key);
            WriteValue(value, childDepth);
        }

        var span = _output.GetSpan(3);
        span[0] = 0;
        span[1] = 0;
        span[2] = Amf0Marker.ObjectEnd;
        _output.Advance(3);
    }

    private static int Nest(int depth)
    {
        // Same bound as the readers, so anything written here can be read back; also stops cycles.
        if (depth >= AmfLimits.MaxDepth)
        {
            throw new ArgumentException($"AMF0 value nests deeper than {AmfLimits.MaxDepth} levels (or is cyclic)");
        }

        return depth + 1;
    }

    private void WriteKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var byteCount = Encoding.UTF8.GetByteCount(key);
        if (byteCount > MaxShortStringBytes)
        {
            throw new ArgumentException($"AMF0 property or class name of {byteCount} UTF-8 bytes exceeds 65535", nameof(key));
        }

        WriteUtf8(key, byteCount);
    }

    private void WriteMarker(byte marker)
    {
        _output.GetSpan(1)[0] = marker;
        _output.Advance(1);
    }

    private void WriteUtf8(string value, int byteCount)
    {
        var span = _output.GetSpan(2);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)byteCount);
        _output.Advance(2);
        WriteRawUtf8(value, byteCount);
    }

    private void WriteRawUtf8(string value, int byteCount)
    {
        if (byteCount == 0)
        {
            return;
        }

        var written = Encoding.UTF8.GetBytes(value, _output.GetSpan(byteCount));
        _output.Advance(written);
    }
}

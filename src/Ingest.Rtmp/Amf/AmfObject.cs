namespace Ingest.Rtmp.Amf;

/// <summary>An AMF anonymous object, typed object or ECMA array: case-sensitive keys kept in wire order.</summary>
/// <remarks>
/// Order matters because some clients and players (and people reading packet captures) expect properties
/// such as <c>level</c>/<c>code</c>/<c>description</c> in the order they were written.
/// </remarks>
public sealed class AmfObject : OrderedDictionary<string, object?>
{
    /// <summary>Creates an empty anonymous object.</summary>
    public AmfObject()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Creates an empty object with room for <paramref name="capacity"/> properties.</summary>
    public AmfObject(int capacity)
        : base(capacity, StringComparer.Ordinal)
    {
    }

    /// <summary>True when the value travels as an ECMA array (AMF0 0x08, or an AMF3 array with named keys) rather than an object.</summary>
    /// <remarks>onMetaData usually arrives as an ECMA array; replying in the same form keeps strict players happy.</remarks>
    public bool IsEcmaArray { get; init; }

    /// <summary>Class name of a typed object (AMF0 0x10, AMF3 sealed traits); null for anonymous objects.</summary>
    public string? ClassName { get; init; }

    /// <summary>The property as a string, or null when missing or of another type.</summary>
    public string? GetString(string key) => TryGetValue(key, out var value) ? value as string : null;

    /// <summary>The property as a number, or null when missing or of another type.</summary>
    public double? GetNumber(string key) => TryGetValue(key, out var value) && value is double number ? number : null;

    /// <summary>The property as a boolean, or null when missing or of another type.</summary>
    public bool? GetBoolean(string key) => TryGetValue(key, out var value) && value is bool flag ? flag : null;
}

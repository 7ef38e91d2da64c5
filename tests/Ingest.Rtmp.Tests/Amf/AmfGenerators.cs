using System.Buffers;
using CsCheck;
using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>CsCheck generators for nested AMF0 value graphs in the shape the reader produces.</summary>
internal static class AmfGenerators
{
    // Valid UTF-16 only (no lone surrogates, which UTF-8 cannot carry), with multi-byte characters.
    private static readonly Gen<char> Character = Gen.Frequency(
        (6, Gen.Char['a', 'z']),
        (2, Gen.Char['\u0000', '\u007F']),
        (1, Gen.Char['\u0080', '\u07FF']),
        (1, Gen.Char['\u0800', '\uD7FF']));

    public static readonly Gen<string> Text = Gen.String[Character, 0, 16];

    // Millisecond precision: AMF dates carry milliseconds, the rest would not round-trip.
    private static readonly Gen<object?> Date = Gen.Long[-62_135_596_800_000L, 253_402_300_799_999L]
        .Select(ms => (object?)DateTimeOffset.FromUnixTimeMilliseconds(ms));

    private static readonly Gen<object?> Leaf = Gen.OneOf(
        Gen.Double.Select(d => (object?)d),
        Gen.Int.Select(i => (object?)(double)i),
        Gen.Bool.Select(b => (object?)b),
        Text.Select(s => (object?)s),
        Gen.Const((object?)null),
        Gen.Const((object?)AmfUndefined.Instance),
        Date);

    public static readonly Gen<object?> Value = Gen.Recursive<object?>((depth, self) =>
        depth >= 4
            ? Leaf
            : Gen.Frequency(
                (4, Leaf),
                (1, self.List[0, 5].Select(list => (object?)list)),
                (1, Object(self, ecma: false, Gen.Const((string?)null))),
                (1, Object(self, ecma: true, Gen.Const((string?)null))),
                (1, Object(self, ecma: false, Text.Select(name => (string?)name)))));

    public static readonly Gen<List<object?>> Values = Value.List[0, 6];

    public static byte[] Encode(IEnumerable<object?> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new Amf0Writer(buffer);
        foreach (var value in values)
        {
            writer.WriteValue(value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Gen<object?> Object(Gen<object?> child, bool ecma, Gen<string?> className) =>
        Gen.Select(Gen.Select(Text, child).List[0, 5], className, (pairs, name) =>
        {
            var map = new AmfObject { IsEcmaArray = ecma, ClassName = name };
            foreach (var (key, value) in pairs)
            {
                map[key] = value;
            }

            return (object?)map;
        });
}

using CsCheck;
using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>AMF3 decoding: U29 integers, reference tables, traits and error cases.</summary>
public sealed class Amf3ReaderTests
{
    private static List<object?> ReadAll(params byte[] bytes)
    {
        var reader = new Amf3Reader(bytes);
        var values = new List<object?>();
        while (!reader.IsAtEnd)
        {
            values.Add(reader.ReadValue());
        }

        return values;
    }

    private static object? ReadOne(params byte[] bytes) => Assert.Single(ReadAll(bytes));

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x81, 0x00 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x81, 0x80, 0x00 })]
    [InlineData(2_097_151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152, new byte[] { 0x80, 0xC0, 0x80, 0x00 })]
    [InlineData(268_435_455, new byte[] { 0xBF, 0xFF, 0xFF, 0xFF })]
    [InlineData(-1, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(-2, new byte[] { 0xFF, 0xFF, 0xFF, 0xFE })]
    [InlineData(-268_435_456, new byte[] { 0xC0, 0x80, 0x80, 0x00 })]
    public void Reads_integers_as_sign_extended_29_bit(int expected, byte[] u29)
    {
        Assert.Equal((double)expected, ReadOne([0x04, .. u29]));
    }

    [Fact]
    public void Integer_encoding_round_trips_over_the_whole_range()
    {
        Gen.Int[-(1 << 28), (1 << 28) - 1].Sample(value =>
        {
            Assert.Equal((double)value, ReadOne([0x04, .. EncodeU29(value & 0x1FFFFFFF)]));
        }, iter: 5_000);
    }

    [Fact]
    public void Reads_scalars()
    {
        Assert.Equal(
            [AmfUndefined.Instance, null, false, true, 1.5],
            ReadAll(0x00, 0x01, 0x02, 0x03, 0x05, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void Strings_use_the_reference_table_and_empty_strings_are_never_added()
    {
        byte[] bytes = [0x06, 0x01, 0x06, 0x07, .. "abc"u8, 0x06, 0x05, .. "de"u8, 0x06, 0x00, 0x06, 0x02];
        Assert.Equal(["", "abc", "de", "abc", "de"], ReadAll(bytes));
    }

    [Fact]
    public void Reads_dynamic_anonymous_object()
    {
        // 0x0B: inline object, inline traits, dynamic, no sealed members; class name "".
        byte[] bytes = [0x0A, 0x0B, 0x01, 0x03, .. "a"u8, 0x04, 0x01, 0x03, .. "b"u8, 0x06, 0x03, .. "x"u8, 0x01];
        var map = Assert.IsType<AmfObject>(ReadOne(bytes));
        Assert.Null(map.ClassName);
        Assert.False(map.IsEcmaArray);
        Assert.Equal(["a", "b"], map.Keys);
        Assert.Equal(1.0, map["a"]);
        Assert.Equal("x", map["b"]);
    }

    [Fact]
    public void Sealed_traits_are_shared_by_reference_and_objects_by_reference()
    {
        byte[] bytes =
        [
            0x09, 0x07, 0x01,
            // Pt { x: 1, y: 2 }: 0x23 = inline object, inline traits, 2 sealed members.
            0x0A, 0x23, 0x05, .. "Pt"u8, 0x03, .. "x"u8, 0x03, .. "y"u8, 0x04, 0x01, 0x04, 0x02,
            // 0x01 = inline object reusing traits #0.
            0x0A, 0x01, 0x04, 0x03, 0x04, 0x04,
            // 0x02 = object reference #1 (#0 is the array).
            0x0A, 0x02,
        ];
        var list = Assert.IsType<List<object?>>(ReadOne(bytes));
        Assert.Equal(3, list.Count);
        var first = Assert.IsType<AmfObject>(list[0]);
        var second = Assert.IsType<AmfObject>(list[1]);
        Assert.Equal("Pt", first.ClassName);
        Assert.Equal("Pt", second.ClassName);
        Assert.Equal(["x", "y"], first.Keys);
        Assert.Equal([1.0, 2.0], first.Values);
        Assert.Equal([3.0, 4.0], second.Values);
        Assert.Same(first, list[2]);
    }

    [Fact]
    public void Sealed_and_dynamic_members_combine()
    {
        // 0x1B = inline, dynamic, 1 sealed member; then dynamic "d": null.
        byte[] bytes = [0x0A, 0x1B, 0x03, .. "C"u8, 0x03, .. "s"u8, 0x03, 0x03, .. "d"u8, 0x01, 0x01];
        var map = Assert.IsType<AmfObject>(ReadOne(bytes));
        Assert.Equal("C", map.ClassName);
        Assert.Equal(["s", "d"], map.Keys);
        Assert.Equal(true, map["s"]);
        Assert.Null(map["d"]);
    }

    [Fact]
    public void Member_names_share_the_string_table_with_values()
    {
        // Second object's key "a" is string reference #0, set by the first object's key.
        byte[] bytes = [0x0A, 0x0B, 0x01, 0x03, .. "a"u8, 0x02, 0x01, 0x0A, 0x0B, 0x01, 0x00, 0x03, 0x01];
        var values = ReadAll(bytes);
        Assert.Equal(false, Assert.IsType<AmfObject>(values[0])["a"]);
        Assert.Equal(true, Assert.IsType<AmfObject>(values[1])["a"]);
    }

    [Fact]
    public void Array_with_associative_part_becomes_an_ecma_object()
    {
        byte[] bytes = [0x09, 0x03, 0x03, .. "k"u8, 0x06, 0x03, .. "v"u8, 0x01, 0x04, 0x05];
        var map = Assert.IsType<AmfObject>(ReadOne(bytes));
        Assert.True(map.IsEcmaArray);
        Assert.Equal(["k", "0"], map.Keys);
        Assert.Equal("v", map["k"]);
        Assert.Equal(5.0, map["0"]);
    }

    [Fact]
    public void Reads_date_xml_and_byte_array_with_references()
    {
        byte[] bytes =
        [
            0x08, 0x01, 0x42, 0x6D, 0x1A, 0x94, 0xA2, 0x00, 0x00, 0x00,
            0x0B, 0x09, .. "<a/>"u8,
            0x07, 0x09, .. "<b/>"u8,
            0x0C, 0x07, 0x01, 0x02, 0x03,
            0x08, 0x00,
            0x0C, 0x06,
        ];
        var values = ReadAll(bytes);
        Assert.Equal(new DateTimeOffset(2001, 9, 9, 1, 46, 40, TimeSpan.Zero), values[0]);
        Assert.Equal("<a/>", values[1]);
        Assert.Equal("<b/>", values[2]);
        Assert.Equal(new byte[] { 1, 2, 3 }, values[3]);
        Assert.Equal(values[0], values[4]);
        Assert.Same(values[3], values[5]);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x07, 0x01 }, "externalizable")]
    [InlineData(new byte[] { 0x0A, 0x01 }, "traits reference")]
    [InlineData(new byte[] { 0x0A, 0x00 }, "object reference")]
    [InlineData(new byte[] { 0x06, 0x02 }, "string reference")]
    [InlineData(new byte[] { 0x09, 0xFF, 0xFF, 0xFF, 0x7F, 0x01 }, "count")]
    [InlineData(new byte[] { 0x06, 0xFF, 0xFF, 0xFF, 0x7F }, "truncated")]
    [InlineData(new byte[] { 0x0D, 0x01 }, "not supported")]
    [InlineData(new byte[] { 0x12 }, "Unknown AMF3 marker")]
    [InlineData(new byte[] { 0x04, 0x80, 0x80 }, "truncated")]
    [InlineData(new byte[] { 0x08, 0x01, 0x7F, 0xF8, 0, 0, 0, 0, 0, 0 }, "date")]
    public void Rejects_malformed_input(byte[] bytes, string reason)
    {
        var error = Assert.Throws<AmfFormatException>(() => ReadAll(bytes));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    internal static byte[] EncodeU29(int value)
    {
        if (value < 0x80)
        {
            return [(byte)value];
        }

        if (value < 0x4000)
        {
            return [(byte)((value >> 7) | 0x80), (byte)(value & 0x7F)];
        }

        if (value < 0x200000)
        {
            return [(byte)((value >> 14) | 0x80), (byte)(((value >> 7) & 0x7F) | 0x80), (byte)(value & 0x7F)];
        }

        return
        [
            (byte)((value >> 22) | 0x80),
            (byte)(((value >> 15) & 0x7F) | 0x80),
            (byte)(((value >> 8) & 0x7F) | 0x80),
            (byte)value,
        ];
    }
}

using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>AMF0 decoding of each marker against hand-encoded vectors.</summary>
public sealed class Amf0ReaderTests
{
    private static object? ReadOne(params byte[] bytes)
    {
        var reader = new Amf0Reader(bytes);
        var value = reader.ReadValue();
        Assert.True(reader.IsAtEnd, $"{bytes.Length - reader.Position} bytes left unread");
        return value;
    }

    [Fact]
    public void Reads_scalars()
    {
        Assert.Equal(-2.5, ReadOne(0x00, 0xC0, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00));
        Assert.Equal(true, ReadOne(0x01, 0x01));
        Assert.Equal(false, ReadOne(0x01, 0x00));
        Assert.Equal("", ReadOne(0x02, 0x00, 0x00));
        Assert.Equal("é", ReadOne(0x02, 0x00, 0x02, 0xC3, 0xA9));
        Assert.Null(ReadOne(0x05));
        Assert.Same(AmfUndefined.Instance, ReadOne(0x06));
        Assert.Same(AmfUndefined.Instance, ReadOne(0x0D));
    }

    [Fact]
    public void Reads_long_string_and_xml_document_as_strings()
    {
        Assert.Equal("abc", ReadOne([0x0C, 0x00, 0x00, 0x00, 0x03, .. "abc"u8]));
        Assert.Equal("<a/>", ReadOne([0x0F, 0x00, 0x00, 0x00, 0x04, .. "<a/>"u8]));
    }

    [Fact]
    public void Reads_date_as_utc_and_ignores_time_zone()
    {
        // 1e12 ms = 2001-09-09T01:46:40Z; time zone field 0x0078 must be ignored.
        var value = ReadOne(0x0B, 0x42, 0x6D, 0x1A, 0x94, 0xA2, 0x00, 0x00, 0x00, 0x00, 0x78);
        Assert.Equal(new DateTimeOffset(2001, 9, 9, 1, 46, 40, TimeSpan.Zero), value);
    }

    [Fact]
    public void Reads_ecma_array_ignoring_a_wrong_count()
    {
        // onMetaData as some encoders write it: count says 0 but two properties follow.
        byte[] bytes =
        [
            0x08, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x05, .. "width"u8, 0x00, 0x40, 0x9E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x06, .. "stereo"u8, 0x01, 0x01,
            0x00, 0x00, 0x09,
        ];
        var map = Assert.IsType<AmfObject>(ReadOne(bytes));
        Assert.True(map.IsEcmaArray);
        Assert.Equal(1920.0, map.GetNumber("width"));
        Assert.Equal(true, map.GetBoolean("stereo"));
    }

    [Fact]
    public void Reads_typed_object()
    {
        byte[] bytes = [0x10, 0x00, 0x02, .. "Pt"u8, 0x00, 0x01, .. "x"u8, 0x01, 0x01, 0x00, 0x00, 0x09];
        var map = Assert.IsType<AmfObject>(ReadOne(bytes));
        Assert.Equal("Pt", map.ClassName);
        Assert.Equal(true, map["x"]);
    }

    [Fact]
    public void Keys_are_case_sensitive_and_duplicates_keep_the_last_value()
    {
        byte[] bytes =
        [
            0x03,
            0x00, 0x01, .. "a"u8, 0x01, 0x00,
            0x00, 0x01, .. "A"u8, 0x01, 0x01,
            0x00, 0x01, .. "a"u8, 0x05,
            0x00, 0x00, 0x09,
        ];
        var map = Assert.IsType<AmfObject>(ReadOne(bytes));
        Assert.Equal(["a", "A"], map.Keys);
        Assert.Null(map["a"]);
        Assert.Equal(true, map["A"]);
    }

    [Fact]
    public void Reference_resolves_to_the_earlier_instance()
    {
        // [ {}, ref 1 ]: index 0 is the strict array itself, index 1 the object inside it.
        var list = Assert.IsType<List<object?>>(ReadOne(
            0x0A, 0x00, 0x00, 0x00, 0x02,
            0x03, 0x00, 0x00, 0x09,
            0x07, 0x00, 0x01));
        Assert.Equal(2, list.Count);
        Assert.Same(list[0], list[1]);
    }

    [Fact]
    public void Reference_shares_the_table_across_values_of_one_body()
    {
        var values = new Amf0Reader([0x03, 0x00, 0x00, 0x09, 0x07, 0x00, 0x00]).ReadAll();
        Assert.Same(values[0], values[1]);
    }

    [Fact]
    public void Avmplus_marker_switches_to_amf3_for_one_value()
    {
        byte[] bytes =
        [
            0x02, 0x00, 0x01, .. "x"u8,
            0x11, 0x04, 0x7F,
            0x11, 0x06, 0x07, .. "abc"u8,
            // A fresh AMF3 context per switch: a string reference here would be out of range.
            0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        var values = new Amf0Reader(bytes).ReadAll();
        Assert.Equal(["x", 127.0, "abc", 2.0], values);
    }

    [Fact]
    public void Avmplus_string_references_do_not_leak_across_switches()
    {
        byte[] bytes = [0x11, 0x06, 0x07, .. "abc"u8, 0x11, 0x06, 0x00];
        var error = Assert.Throws<AmfFormatException>(() => new Amf0Reader(bytes).ReadAll());
        Assert.Contains("string reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_key_not_followed_by_object_end_is_an_ordinary_property()
    {
        var map = Assert.IsType<AmfObject>(ReadOne(0x03, 0x00, 0x00, 0x05, 0x00, 0x00, 0x09));
        Assert.True(map.ContainsKey(""));
        Assert.Null(map[""]);
    }
}

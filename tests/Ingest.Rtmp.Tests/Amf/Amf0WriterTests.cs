using System.Buffers;
using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>AMF0 encoding of each type against hand-encoded vectors.</summary>
public sealed class Amf0WriterTests
{
    private static byte[] Write(Action<Amf0Writer> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new Amf0Writer(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Writes_scalars()
    {
        Assert.Equal([0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0], Write(w => w.WriteNumber(1.0)));
        Assert.Equal([0x01, 0x01], Write(w => w.WriteBoolean(true)));
        Assert.Equal([0x05], Write(w => w.WriteNull()));
        Assert.Equal([0x06], Write(w => w.WriteUndefined()));
        Assert.Equal([0x02, 0x00, 0x02, 0xC3, 0xA9], Write(w => w.WriteString("é")));
    }

    [Fact]
    public void Switches_to_long_string_by_utf8_length_not_char_count()
    {
        // 32768 chars but 65536 UTF-8 bytes: one byte too many for a short string.
        var text = new string('é', 32_768);
        var bytes = Write(w => w.WriteString(text));
        Assert.Equal([0x0C, 0x00, 0x01, 0x00, 0x00], bytes[..5]);
        Assert.Equal(5 + 65_536, bytes.Length);

        var shortBytes = Write(w => w.WriteString(new string('x', 65_535)));
        Assert.Equal([0x02, 0xFF, 0xFF], shortBytes[..3]);
    }

    [Fact]
    public void Writes_ecma_array_with_count_and_end_marker()
    {
        var bytes = Write(w => w.WriteValue(new AmfObject { IsEcmaArray = true, ["a"] = null }));
        Assert.Equal([0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x05, 0x00, 0x00, 0x09], bytes);
    }

    [Fact]
    public void Writes_strict_array_and_date()
    {
        var bytes = Write(w => w.WriteValue(new List<object?> { DateTimeOffset.UnixEpoch.AddMilliseconds(1) }));
        Assert.Equal(
            [0x0A, 0x00, 0x00, 0x00, 0x01, 0x0B, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x00, 0x00],
            bytes);
    }

    [Fact]
    public void Writes_typed_object_from_class_name()
    {
        var bytes = Write(w => w.WriteValue(new AmfObject { ClassName = "Pt" }));
        Assert.Equal([0x10, 0x00, 0x02, (byte)'P', (byte)'t', 0x00, 0x00, 0x09], bytes);
    }

    [Fact]
    public void WriteValue_maps_other_clr_numbers_and_collections()
    {
        var bytes = Write(w => w.WriteValue(new object?[] { 3, 4L, 0.5f, new Dictionary<string, object?> { ["k"] = (byte)1 } }));
        var decoded = new Amf0Reader(bytes).ReadValue();
        AmfAssert.Equal(new List<object?> { 3.0, 4.0, 0.5, new AmfObject { ["k"] = 1.0 } }, decoded);
    }

    [Fact]
    public void WriteValue_rejects_unsupported_types_and_cycles()
    {
        Assert.Throws<ArgumentException>(() => Write(w => w.WriteValue(new byte[] { 1 })));
        Assert.Throws<ArgumentException>(() => Write(w => w.WriteValue(Guid.Empty)));

        var cyclic = new List<object?>();
        cyclic.Add(cyclic);
        Assert.Throws<ArgumentException>(() => Write(w => w.WriteValue(cyclic)));
    }

    [Fact]
    public void Rejects_keys_longer_than_65535_bytes()
    {
        var map = new AmfObject { [new string('k', 65_536)] = null };
        Assert.Throws<ArgumentException>(() => Write(w => w.WriteObject(map)));
    }
}

using CsCheck;
using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>Hostile input: fuzzing, limits and malformed vectors only ever raise AmfFormatException.</summary>
public sealed class AmfRobustnessTests
{
    // Bytes that are meaningful markers, lengths or counts in AMF0/AMF3, so mutations reach deep paths.
    private static readonly Gen<byte> InterestingByte = Gen.Frequency(
        (4, Gen.Byte[0x00, 0x12]),
        (1, Gen.Byte),
        (1, Gen.OneOf(Gen.Const((byte)0x7F), Gen.Const((byte)0x80), Gen.Const((byte)0xFF))));

    private static readonly Gen<byte[]> RandomBytes = Gen.Frequency(
        (1, Gen.Byte.Array[0, 64]),
        (2, InterestingByte.Array[0, 64]));

    private static readonly Gen<byte[]> MutatedValid =
        Gen.Select(AmfGenerators.Values, Gen.Int.Array[1, 6], InterestingByte, (values, edits, replacement) =>
        {
            var bytes = AmfGenerators.Encode(values).ToList();
            foreach (var edit in edits)
            {
                if (bytes.Count == 0)
                {
                    break;
                }

                var at = (int)((uint)edit % (uint)bytes.Count);
                switch ((uint)edit / (uint)bytes.Count % 4)
                {
                    case 0:
                        bytes[at] = replacement;
                        break;
                    case 1:
                        bytes.RemoveAt(at);
                        break;
                    case 2:
                        bytes.Insert(at, replacement);
                        break;
                    default:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                }
            }

            return bytes.ToArray();
        });

    [Fact]
    public void Amf0_random_bytes_only_ever_throw_AmfFormatException()
    {
        RandomBytes.Sample(bytes => DecodeAmf0(bytes), iter: 20_000);
    }

    [Fact]
    public void Amf0_mutated_valid_bodies_only_ever_throw_AmfFormatException()
    {
        MutatedValid.Sample(bytes => DecodeAmf0(bytes), iter: 5_000);
    }

    [Fact]
    public void Amf3_random_bytes_only_ever_throw_AmfFormatException()
    {
        RandomBytes.Sample(bytes => DecodeAmf3(bytes), iter: 20_000);
    }

    [Theory]
    [InlineData(new byte[] { 0x04 }, "Unsupported AMF0 marker 0x04")]
    [InlineData(new byte[] { 0x0E }, "Unsupported AMF0 marker 0x0E")]
    [InlineData(new byte[] { 0x12 }, "Unsupported AMF0 marker 0x12")]
    [InlineData(new byte[] { 0xFF }, "Unsupported AMF0 marker 0xFF")]
    [InlineData(new byte[] { 0x09 }, "object-end")]
    [InlineData(new byte[] { 0x07, 0x00, 0x00 }, "reference")]
    [InlineData(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x05 }, "strict array count")]
    [InlineData(new byte[] { 0x0C, 0xFF, 0xFF, 0xFF, 0xFF }, "long string")]
    [InlineData(new byte[] { 0x02, 0x00, 0x05, 0x61 }, "truncated")]
    [InlineData(new byte[] { 0x03, 0x00, 0x00 }, "truncated")]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF }, "truncated")]
    [InlineData(new byte[] { 0x0B, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0, 0, 0 }, "date")]
    [InlineData(new byte[] { 0x11, 0x0A, 0x07, 0x01 }, "externalizable")]
    public void Amf0_rejects_malformed_input(byte[] bytes, string reason)
    {
        var error = Assert.Throws<AmfFormatException>(() => new Amf0Reader(bytes).ReadAll());
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Offset, 0, bytes.Length);
    }

    [Fact]
    public void Amf0_nesting_is_limited_to_64_levels_including_amf3_islands()
    {
        Assert.Single(new Amf0Reader(NestedStrictArrays(64)).ReadAll());
        var error = Assert.Throws<AmfFormatException>(() => new Amf0Reader(NestedStrictArrays(65)).ReadAll());
        Assert.Contains("nesting", error.Message, StringComparison.Ordinal);

        // 63 AMF0 levels, then an AMF3 island adding two more.
        byte[] mixed = [.. NestedStrictArrays(63)[..^1], 0x11, 0x09, 0x03, 0x01, 0x09, 0x01, 0x01];
        Assert.Throws<AmfFormatException>(() => new Amf0Reader(mixed).ReadAll());
    }

    [Fact]
    public void Amf3_nesting_is_limited_to_64_levels()
    {
        static byte[] Nested(int levels) => [.. Enumerable.Repeat<byte[]>([0x09, 0x03, 0x01], levels).SelectMany(b => b), 0x01];

        Assert.NotNull(new Amf3Reader(Nested(64)).ReadValue());
        Assert.Throws<AmfFormatException>(() => new Amf3Reader(Nested(65)).ReadValue());
    }

    [Fact]
    public void Writer_accepts_exactly_what_the_reader_accepts_for_depth()
    {
        object? value = null;
        for (var i = 0; i < 64; i++)
        {
            value = new List<object?> { value };
        }

        var bytes = AmfGenerators.Encode([value]);
        AmfAssert.Equal(value, new Amf0Reader(bytes).ReadValue());
        Assert.Throws<ArgumentException>(() => AmfGenerators.Encode([new List<object?> { value }]));
    }

    [Fact]
    public void Self_referencing_object_decodes_to_a_cycle_without_looping()
    {
        // { self: ref 0 }
        byte[] bytes = [0x03, 0x00, 0x04, .. "self"u8, 0x07, 0x00, 0x00, 0x00, 0x00, 0x09];
        var map = Assert.IsType<AmfObject>(new Amf0Reader(bytes).ReadValue());
        Assert.Same(map, map["self"]);
    }

    private static byte[] NestedStrictArrays(int levels) =>
        [.. Enumerable.Repeat<byte[]>([0x0A, 0x00, 0x00, 0x00, 0x01], levels).SelectMany(b => b), 0x05];

    private static void DecodeAmf0(byte[] bytes)
    {
        try
        {
            _ = new Amf0Reader(bytes).ReadAll();
        }
        catch (AmfFormatException)
        {
        }
    }

    private static void DecodeAmf3(byte[] bytes)
    {
        try
        {
            var reader = new Amf3Reader(bytes);
            while (!reader.IsAtEnd)
            {
                _ = reader.ReadValue();
            }
        }
        catch (AmfFormatException)
        {
        }
    }
}

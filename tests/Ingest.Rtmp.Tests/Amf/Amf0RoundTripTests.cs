using CsCheck;
using Ingest.Rtmp.Amf;

namespace Ingest.Rtmp.Tests.Amf;

/// <summary>Property tests: values written by Amf0Writer read back identically.</summary>
public sealed class Amf0RoundTripTests
{
    [Fact]
    public void Nested_values_round_trip_through_writer_and_reader()
    {
        AmfGenerators.Values.Sample(values =>
        {
            var bytes = AmfGenerators.Encode(values);
            var reader = new Amf0Reader(bytes);
            var decoded = reader.ReadAll();
            AmfAssert.Equal(values, decoded);
        }, iter: 2_000);
    }

    [Fact]
    public void Strings_round_trip_including_long_strings()
    {
        Gen.Select(Gen.Int[0, 3], AmfGenerators.Text).Sample((extra, seed) =>
        {
            // Straddle the 65535-byte boundary between String and Long String.
            var text = new string('x', ushort.MaxValue - 2 + extra) + seed;
            var decoded = new Amf0Reader(AmfGenerators.Encode([text])).ReadValue();
            Assert.Equal(text, decoded);
        }, iter: 20);
    }

    [Fact]
    public void Dates_keep_millisecond_precision_across_the_whole_range()
    {
        DateTimeOffset[] dates =
        [
            DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.MinValue.ToUnixTimeMilliseconds()),
            DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()),
            DateTimeOffset.FromUnixTimeMilliseconds(-1),
            new DateTimeOffset(2024, 2, 29, 12, 0, 0, 123, TimeSpan.FromHours(5)),
        ];
        var decoded = new Amf0Reader(AmfGenerators.Encode(dates.Cast<object?>())).ReadAll();
        Assert.Equal(dates.Select(d => d.UtcTicks), decoded.Select(d => Assert.IsType<DateTimeOffset>(d).UtcTicks));
    }
}

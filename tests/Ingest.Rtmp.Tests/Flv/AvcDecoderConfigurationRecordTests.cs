using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>AVCDecoderConfigurationRecord parsing on x264 output and hand-built edge cases.</summary>
public sealed class AvcDecoderConfigurationRecordTests
{
    private const string Sps = "67 42 00 1E";
    private const string Pps = "68 CE 38 80";

    [Fact]
    public void HighProfileFixture()
    {
        var avcC = SequenceHeaderPayload(FlvFixture.HighAac48kStereo);

        var result = AvcDecoderConfigurationRecord.Parse(avcC);

        Assert.True(result.IsOk, result.Reason);
        var record = result.Value;
        Assert.Equal(100, record.ProfileIndication);
        Assert.Equal(0, record.ProfileCompatibility);
        Assert.Equal(31, record.LevelIndication);
        Assert.Equal(4, record.NalLengthSize);
        Assert.Equal("avc1.64001F", record.CodecString);
        var sps = Assert.Single(record.Sps);
        Assert.Equal(24, sps.Length);
        Assert.Equal(7, sps.Span[0] & 0x1F); // nal_unit_type SPS
        Assert.Equal(100, sps.Span[1]); // profile_idc agrees with the record
        var pps = Assert.Single(record.Pps);
        Assert.Equal(Hex.Bytes("68 EF 8F CB"), pps.ToArray());

        // The trailing high-profile extension (chroma format, bit depths) is kept in Bytes but not required.
        Assert.Equal(avcC, record.Bytes.ToArray());
    }

    [Fact]
    public void ConstrainedBaselineFixture()
    {
        var result = AvcDecoderConfigurationRecord.Parse(SequenceHeaderPayload(FlvFixture.BaselineAac44kMono));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(66, result.Value.ProfileIndication);
        Assert.Equal(0xC0, result.Value.ProfileCompatibility);
        Assert.Equal(30, result.Value.LevelIndication);
        Assert.Equal("avc1.42C01E", result.Value.CodecString);
        Assert.Equal("avc1.42C01E nalLength=4 sps=1 pps=1", result.Value.ToString());
    }

    [Fact]
    public void ResultOwnsItsBytes()
    {
        var input = Record("FF", "E1", Sps, "01", Pps);

        var record = AvcDecoderConfigurationRecord.Parse(input).Value!;
        Array.Clear(input);

        Assert.Equal(Hex.Bytes(Sps), record.Sps[0].ToArray());
        Assert.Equal(Hex.Bytes(Pps), record.Pps[0].ToArray());
        Assert.Equal(1, record.Bytes.Span[0]);
    }

    [Theory]
    [InlineData("FC", 1)]
    [InlineData("FD", 2)]
    [InlineData("FF", 4)]
    [InlineData("03", 4)] // reserved bits left clear by some encoders
    public void NalLengthSize(string lengthByte, int expected)
    {
        var result = AvcDecoderConfigurationRecord.Parse(Record(lengthByte, "E1", Sps, "01", Pps));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(expected, result.Value.NalLengthSize);
    }

    [Fact]
    public void MultipleParameterSets_AndCountUsesLowFiveBits()
    {
        var input = Hex.Bytes("01 64 00 28 FF 02 00 02 67 64 00 03 67 64 28 02 00 01 68 00 02 68 01 FD F8 F8 00");

        var result = AvcDecoderConfigurationRecord.Parse(input);

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal([2, 3], result.Value.Sps.Select(s => s.Length));
        Assert.Equal([1, 2], result.Value.Pps.Select(s => s.Length));
        Assert.Equal(Hex.Bytes("67 64 28"), result.Value.Sps[1].ToArray());
    }

    [Theory]
    [InlineData("", "truncated")]
    [InlineData("01 42 00 1E FF", "truncated")]
    [InlineData("00 42 00 1E FF E1 00 04 67 42 00 1E 01 00 04 68 CE 38 80", "configurationVersion 0")]
    [InlineData("02 42 00 1E FF E1 00 04 67 42 00 1E 01 00 04 68 CE 38 80", "configurationVersion 2")]
    [InlineData("01 42 00 1E FE E1 00 04 67 42 00 1E 01 00 04 68 CE 38 80", "lengthSizeMinusOne 2")]
    [InlineData("01 42 00 1E FF E1 00 05 67 42 00 1E", "SPS #1 declares 5 bytes but only 4 remain")]
    [InlineData("01 42 00 1E FF E1 00", "length of SPS #1")]
    [InlineData("01 42 00 1E FF E2 00 04 67 42 00 1E", "length of SPS #2 of 2")]
    [InlineData("01 42 00 1E FF E1 00 00 01 00 04 68 CE 38 80", "empty SPS #1")]
    [InlineData("01 42 00 1E FF E1 00 04 67 42 00 1E", "before numOfPictureParameterSets")]
    [InlineData("01 42 00 1E FF E1 00 04 67 42 00 1E 01 00 09 68 CE 38 80", "PPS #1 declares 9 bytes but only 4 remain")]
    [InlineData("01 42 00 1E FF E0 01 00 04 68 CE 38 80", "0 SPS and 1 PPS")]
    [InlineData("01 42 00 1E FF E1 00 04 67 42 00 1E 00", "1 SPS and 0 PPS")]
    public void Malformed(string hex, string reasonPart)
    {
        var result = AvcDecoderConfigurationRecord.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Malformed, result.Status);
        Assert.False(result.IsOk);
        Assert.Null(result.Value);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Malformed: AVCDecoderConfigurationRecord", result.ToString(), StringComparison.Ordinal);
    }

    private static byte[] SequenceHeaderPayload(string fixture) =>
        FlvFixture.Bodies(fixture, FlvFileTag.Video)[0].AsSpan(5).ToArray();

    private static byte[] Record(string lengthByte, string spsCount, string sps, string ppsCount, string pps) =>
        Hex.Bytes($"01 42 00 1E {lengthByte} {spsCount} 00 04 {sps} {ppsCount} 00 04 {pps}");
}

using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Enhanced RTMP (IsExHeader) video tags, hand-built per the E-RTMP v2 bitstream tables.</summary>
public sealed class FlvVideoTagEnhancedTests
{
    private const string Avc1 = "61 76 63 31";

    [Fact]
    public void Avc1SequenceStart_CarriesRealAvcC()
    {
        var legacy = FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Video)[0];
        var avcC = legacy.AsSpan(5).ToArray();
        var body = Hex.Concat(Hex.Bytes("90" + Avc1), avcC);

        var tag = FlvVideoTag.Parse(body);

        Assert.True(tag.IsOk, tag.Reason);
        Assert.True(tag.IsEnhanced);
        Assert.Equal(FourCc.Avc1, tag.FourCc);
        Assert.Equal("avc1", tag.FourCc.ToString());
        Assert.Equal(FlvVideoCodecId.None, tag.CodecId);
        Assert.Equal(ExVideoPacketType.SequenceStart, tag.ExPacketType);
        Assert.Equal(FlvVideoPacketType.SequenceHeader, tag.PacketType);
        Assert.Equal(FlvVideoFrameType.Key, tag.FrameType);
        Assert.Equal(avcC, tag.Data.ToArray());
        Assert.True(AvcDecoderConfigurationRecord.Parse(tag.Data.Span).IsOk);
    }

    [Theory]
    [InlineData("91" + Avc1 + "00 00 21 00 00 00 02 65 88", FlvVideoFrameType.Key, 33)]
    [InlineData("A1" + Avc1 + "FF FF DF 00 00 00 02 41 9A", FlvVideoFrameType.Inter, -33)]
    [InlineData("A1" + Avc1 + "80 00 00 00 00 00 02 41 9A", FlvVideoFrameType.Inter, -8388608)]
    public void Avc1CodedFrames_ReadsSignedCompositionTime(string hex, FlvVideoFrameType frameType, int cts)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.True(tag.IsOk, tag.Reason);
        Assert.Equal(ExVideoPacketType.CodedFrames, tag.ExPacketType);
        Assert.Equal(FlvVideoPacketType.CodedFrames, tag.PacketType);
        Assert.Equal(frameType, tag.FrameType);
        Assert.Equal(cts, tag.CompositionTimeOffset);
        Assert.Equal(Hex.Bytes(hex)[8..], tag.Data.ToArray());
    }

    [Fact]
    public void Avc1CodedFramesX_HasNoCompositionTimeField()
    {
        var input = new ReadOnlyMemory<byte>(Hex.Bytes("A3" + Avc1 + "00 00 00 02 41 9A"));

        var tag = FlvVideoTag.Parse(input);

        Assert.True(tag.IsOk, tag.Reason);
        Assert.Equal(ExVideoPacketType.CodedFramesX, tag.ExPacketType);
        Assert.Equal(FlvVideoPacketType.CodedFrames, tag.PacketType);
        Assert.Equal(0, tag.CompositionTimeOffset);
        Assert.True(input[5..].Span == tag.Data.Span, "Data must be a slice of the input");
    }

    [Fact]
    public void Avc1SequenceEnd_IsEndOfSequence()
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes("92" + Avc1));

        Assert.True(tag.IsOk, tag.Reason);
        Assert.Equal(FlvVideoPacketType.EndOfSequence, tag.PacketType);
        Assert.True(tag.Data.IsEmpty);
    }

    [Theory]
    [InlineData("90 68 76 63 31 01 01 60 00 00 00 90 00 00 00 00 00 5D F0 00 FC FD F8 F8 00 00 0F 03", "'hvc1' (HEVC)")]
    [InlineData("90 61 76 30 31 81 00 0C 00 0A 0B 00 00 00 24 C4 FF DF 00 68 02", "'av01' (AV1)")]
    [InlineData("90 76 70 30 39 01 00 00 00 28 08 01 01 01 00 00", "'vp09' (VP9)")]
    [InlineData("90 76 70 30 38 01 00 00 00 28 08 01 01 01 00 00", "'vp08' (VP8)")]
    [InlineData("91 68 76 63 31 00 00 00 00 00 00 01 26", "'hvc1' (HEVC)")]
    [InlineData("A3 61 76 30 31 12 00", "'av01' (AV1)")]
    [InlineData("90 76 76 63 31 FF", "'vvc1' (VVC)")]
    public void OtherEnhancedCodecs_AreUnsupportedYet(string hex, string codec)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.True(tag.IsEnhanced);
        Assert.False(tag.FourCc.IsNone);
        Assert.Equal($"Enhanced RTMP video codec {codec} is not supported yet", tag.Reason);
    }

    [Fact]
    public void Hvc1SequenceStart_ExposesFourCc()
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes("90 68 76 63 31 01"));

        Assert.Equal(FourCc.Hvc1, tag.FourCc);
        Assert.Equal(ExVideoPacketType.SequenceStart, tag.ExPacketType);
        Assert.Equal(FlvVideoFrameType.Key, tag.FrameType);
    }

    [Theory]
    [InlineData("90 78 79 7A 31 01", "unknown Enhanced RTMP video codec 'xyz1'")]
    [InlineData("90 00 01 02 03 01", "unknown Enhanced RTMP video codec '0x00010203'")]
    public void UnknownFourCc_IsUnsupportedWithPrintableCode(string hex, string reason)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.Equal(reason, tag.Reason);
    }

    [Theory]
    [InlineData("96 00 61 76 63 31 00 00 00 00", "multitrack")]
    [InlineData("97 02 00 00 00 91 61 76 63 31", "ModEx")]
    [InlineData("98" + Avc1, "packet type 8")]
    [InlineData("9F" + Avc1, "packet type 15")]
    public void MultitrackModExAndReservedPacketTypes_AreUnsupported(string hex, string reasonPart)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.Contains(reasonPart, tag.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D0 00")] // command frame: one command byte, no FourCC
    [InlineData("D1 01")]
    [InlineData("94" + Avc1 + "02 00 09 63 6F 6C 6F 72 49 6E 66 6F 03 00 00 09")] // Metadata (colorInfo)
    [InlineData("D4" + Avc1 + "02 00 09 63 6F 6C 6F 72 49 6E 66 6F 03 00 00 09")] // Metadata ignores frame type
    public void CommandAndMetadata_AreIgnored(string hex)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Ignored, tag.Status);
        Assert.True(tag.IsEnhanced);
        Assert.NotEmpty(tag.Reason);
    }

    [Theory]
    [InlineData("90", "truncated")]
    [InlineData("90 61 76 63", "truncated")]
    [InlineData("91" + Avc1 + "00 00", "truncated")]
    [InlineData("90" + Avc1, "no AVCDecoderConfigurationRecord")]
    [InlineData("95" + Avc1 + "00", "only defined for 'av01'")]
    [InlineData("81" + Avc1 + "00 00 00", "frame type 0")]
    [InlineData("E1" + Avc1 + "00 00 00", "frame type 6")]
    [InlineData("F3" + Avc1 + "00 00 00", "frame type 7")]
    public void MalformedEnhancedTags(string hex, string reasonPart)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Malformed, tag.Status);
        Assert.Contains(reasonPart, tag.Reason, StringComparison.Ordinal);
    }
}

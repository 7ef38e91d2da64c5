using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Hand-built and foreign-codec legacy FLV video tags.</summary>
public sealed class FlvVideoTagLegacyTests
{
    [Theory]
    [InlineData("27 01 FF FF FF 00 00 00 01 65", -1)]
    [InlineData("27 01 FF FF 9C 00 00 00 01 65", -100)]
    [InlineData("27 01 80 00 00 00 00 00 01 65", -8388608)]
    [InlineData("27 01 7F FF FF 00 00 00 01 65", 8388607)]
    [InlineData("27 01 00 01 00 00 00 00 01 65", 256)]
    public void CompositionTime_IsSignExtended24Bit(string hex, int expected)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.True(tag.IsOk, tag.Reason);
        Assert.Equal(FlvVideoFrameType.Inter, tag.FrameType);
        Assert.Equal(expected, tag.CompositionTimeOffset);
        Assert.Equal(5, tag.Data.Length);
    }

    [Theory]
    [InlineData("17 02 00 00 00", FlvVideoFrameType.Key, FlvVideoPacketType.EndOfSequence)]
    [InlineData("37 01 00 00 00 00", FlvVideoFrameType.Disposable, FlvVideoPacketType.CodedFrames)]
    [InlineData("47 01 00 00 00 00", FlvVideoFrameType.GeneratedKey, FlvVideoPacketType.CodedFrames)]
    [InlineData("27 01 00 00 00", FlvVideoFrameType.Inter, FlvVideoPacketType.CodedFrames)]
    public void AcceptsOtherAvcFrameAndPacketTypes(string hex, FlvVideoFrameType frameType, FlvVideoPacketType packetType)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.True(tag.IsOk, tag.Reason);
        Assert.Equal(frameType, tag.FrameType);
        Assert.Equal(packetType, tag.PacketType);
    }

    [Fact]
    public void GeneratedKeyFrame_IsKeyFrame()
    {
        Assert.True(FlvVideoTag.Parse(Hex.Bytes("47 01 00 00 00 00")).IsKeyFrame);
    }

    [Theory]
    [InlineData("57 00", "command")] // AVC video info/command frame
    [InlineData("52 01", "command")] // Sorenson command frame: still a command, nothing to forward
    [InlineData("", "empty")]
    public void IgnorableTags(string hex, string reasonPart)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Ignored, tag.Status);
        Assert.Contains(reasonPart, tag.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12 00 00 84 00 20 18 11 1E 72 5D E0", "Sorenson H.263", FlvVideoCodecId.SorensonH263)] // real ffmpeg flv1 tag
    [InlineData("13 30 40 30 30 01 D3 78 DA ED 99 3B", "Screen Video", FlvVideoCodecId.ScreenVideo)] // real ffmpeg flashsv tag
    [InlineData("14 00 00 00", "On2 VP6", FlvVideoCodecId.On2Vp6)]
    [InlineData("15 00 00 00", "On2 VP6 with alpha", FlvVideoCodecId.On2Vp6Alpha)]
    [InlineData("16 00 00 00", "Screen Video v2", FlvVideoCodecId.ScreenVideo2)]
    [InlineData("1C 00 00 00 00", "HEVC", FlvVideoCodecId.HevcNonStandard)]
    [InlineData("1F 00 00 00 00", "unknown", (FlvVideoCodecId)15)]
    public void OtherLegacyCodecs_AreUnsupportedWithNamedCodec(string hex, string codecName, FlvVideoCodecId codecId)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.Equal(codecId, tag.CodecId);
        Assert.Equal(FlvVideoFrameType.Key, tag.FrameType);
        Assert.Contains(codecName, tag.Reason, StringComparison.Ordinal);
        Assert.Contains($"CodecID {(int)codecId}", tag.Reason, StringComparison.Ordinal);
        Assert.True(tag.Data.IsEmpty);
    }

    [Theory]
    [InlineData("17", "truncated")]
    [InlineData("17 01 00 00", "truncated")]
    [InlineData("17 03 00 00 00", "AVCPacketType 3")]
    [InlineData("17 00 00 00 00", "no AVCDecoderConfigurationRecord")]
    [InlineData("07 01 00 00 00", "frame type 0")]
    [InlineData("67 01 00 00 00", "frame type 6")]
    [InlineData("77 01 00 00 00", "frame type 7")]
    public void MalformedAvcTags(string hex, string reasonPart)
    {
        var tag = FlvVideoTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Malformed, tag.Status);
        Assert.Contains(reasonPart, tag.Reason, StringComparison.Ordinal);
        Assert.True(tag.Data.IsEmpty);
    }

    [Fact]
    public void ToString_DescribesOkAndFailure()
    {
        Assert.Equal("video Avc CodedFrames Inter cts=-1 len=0", FlvVideoTag.Parse(Hex.Bytes("27 01 FF FF FF")).ToString());
        Assert.StartsWith("video Unsupported: ", FlvVideoTag.Parse(Hex.Bytes("12 00")).ToString(), StringComparison.Ordinal);
    }
}

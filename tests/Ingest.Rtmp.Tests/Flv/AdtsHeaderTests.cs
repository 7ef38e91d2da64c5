using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>ADTS framing, checked byte-for-byte against ffmpeg's own ADTS remux of the same frames.</summary>
public sealed class AdtsHeaderTests
{
    [Theory]
    [InlineData(FlvFixture.HighAac48kStereo)]
    [InlineData(FlvFixture.BaselineAac44kMono)]
    public void RebuiltStream_MatchesFfmpegAdtsOutput(string fixture)
    {
        var tags = FlvFixture.Bodies(fixture, FlvFileTag.Audio).Select(b => FlvAudioTag.Parse(b)).ToList();
        var config = AudioSpecificConfig.Parse(tags[0].Data.Span).Value!;

        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[AdtsHeader.Length];
        foreach (var tag in tags.Where(t => t.PacketType == FlvAudioPacketType.RawFrame))
        {
            Assert.True(AdtsHeader.TryWrite(config, tag.Data.Length, header));
            output.Write(header);
            output.Write(tag.Data.Span);
        }

        Assert.Equal(FlvFixture.ReadBytes(fixture + ".aac"), output.ToArray());
    }

    [Fact]
    public void HeAac_UsesCoreProfileAndRate()
    {
        var config = AudioSpecificConfig.Parse(Bits.Pack("00101 0110 0010 0011 00010 000")).Value!;
        var header = new byte[AdtsHeader.Length];

        Assert.True(AdtsHeader.TryWrite(config, 100, header));

        // profile 1 (LC), index 6 (24 kHz), channels 2, frame length 107.
        Assert.Equal(Hex.Bytes("FF F1 58 80 0D 7F FC"), header);
    }

    [Fact]
    public void ExplicitFrequencyInTable_IsMappedToItsIndex()
    {
        var config = AudioSpecificConfig.Parse(Bits.Pack("00010 1111 " + Bits.Of(48000, 24) + " 0010 000")).Value!;
        var header = new byte[AdtsHeader.Length];

        Assert.True(AdtsHeader.TryWrite(config, 0, header));

        Assert.Equal(3, (header[2] >> 2) & 0x0F);
    }

    [Theory]
    [InlineData("00010 0011 0010 1 0 0", 10)] // 960-sample frames
    [InlineData("00010 0011 0000 000", 10)] // layout in a program_config_element
    [InlineData("00010 0011 1011 000", 10)] // channelConfiguration 11 does not fit 3 bits
    [InlineData("00010 1111 000000001100001101010000 0010 000", 10)] // explicit 50 kHz
    [InlineData("00010 0011 0010 000", AdtsHeader.MaxFrameLength - AdtsHeader.Length + 1)]
    [InlineData("00010 0011 0010 000", -1)]
    public void UnrepresentableStreams_ReturnFalse(string asc, int rawLength)
    {
        var config = AudioSpecificConfig.Parse(Bits.Pack(asc)).Value!;

        Assert.False(AdtsHeader.TryWrite(config, rawLength, new byte[AdtsHeader.Length]));
    }

    [Fact]
    public void LargestFrameAndShortDestination()
    {
        var config = AudioSpecificConfig.Parse(Hex.Bytes("11 90")).Value!;

        Assert.True(AdtsHeader.TryWrite(config, AdtsHeader.MaxFrameLength - AdtsHeader.Length, new byte[AdtsHeader.Length]));
        Assert.False(AdtsHeader.TryWrite(config, 10, new byte[AdtsHeader.Length - 1]));
    }
}

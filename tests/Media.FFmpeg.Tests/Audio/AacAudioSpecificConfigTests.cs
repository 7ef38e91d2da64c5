using Media.FFmpeg.Audio;

namespace Media.FFmpeg.Tests.Audio;

/// <summary>ASC parsing and ADTS header building, no FFmpeg needed.</summary>
public sealed class AacAudioSpecificConfigTests
{
    [Fact]
    public void ParsesAacLc44kStereo()
    {
        var config = AacAudioSpecificConfig.Parse([0x12, 0x10]);
        Assert.Equal(new AacAudioSpecificConfig(2, 4, 44100, 2), config);
    }

    [Fact]
    public void ReducesHeAacToItsCore()
    {
        // AOT 5 (SBR), 24 kHz core, stereo, extension 48 kHz, core AOT 2.
        var config = AacAudioSpecificConfig.Parse([0x2B, 0x11, 0x88, 0x00]);
        Assert.Equal(new AacAudioSpecificConfig(2, 6, 24000, 2), config);
    }

    [Theory]
    [InlineData(new byte[] { 0x1A, 0x10 }, 3)] // SSR
    [InlineData(new byte[] { 0xF9, 0x46, 0x43, 0x00 }, 42)] // USAC via escape
    public void RefusesUnsupportedObjectTypesClearly(byte[] asc, int objectType)
    {
        var ex = Assert.Throws<NotSupportedException>(() => AacAudioSpecificConfig.Parse(asc));
        Assert.Contains($"object type {objectType}", ex.Message);
        Assert.Contains("AAC-LC", ex.Message);
    }

    [Fact]
    public void TranscoderRefusesUnsupportedObjectTypeBeforeTouchingFFmpeg()
    {
        var ex = Assert.Throws<NotSupportedException>(() => new AacToOpusTranscoder([0x1A, 0x10]));
        Assert.Contains("object type 3", ex.Message);
    }

    [Fact]
    public void RefusesTruncatedAndChannelConfigZero()
    {
        Assert.Throws<FormatException>(() => AacAudioSpecificConfig.Parse([0x12]));
        Assert.Throws<NotSupportedException>(() => AacAudioSpecificConfig.Parse([0x12, 0x00]));
    }

    [Fact]
    public void WritesAdtsHeader()
    {
        Span<byte> header = stackalloc byte[AdtsHeader.Length];
        AdtsHeader.Write(header, new AacAudioSpecificConfig(2, 3, 48000, 2), 371);
        Assert.Equal(new byte[] { 0xFF, 0xF1, 0x4C, 0x80, 0x2F, 0x5F, 0xFC }, header.ToArray());
    }
}

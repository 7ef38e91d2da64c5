using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>AudioSpecificConfig bit parsing: ffmpeg's AAC encoder output plus hand-packed ISO 14496-3 vectors.</summary>
public sealed class AudioSpecificConfigTests
{
    // GASpecificConfig for AOT 1-4: frameLengthFlag, dependsOnCoreCoder, extensionFlag.
    private const string Ga1024 = "0 0 0";

    [Fact]
    public void Fixture48kStereo_WithNegativeBackwardCompatibleSbrSignal()
    {
        // ffmpeg appends a 0x2B7 sync extension saying "SBR absent", which must not be mistaken for HE-AAC.
        var asc = SequenceHeaderPayload(FlvFixture.HighAac48kStereo);
        Assert.Equal(Hex.Bytes("11 90 56 E5 00"), asc);

        var result = AudioSpecificConfig.Parse(asc);

        Assert.True(result.IsOk, result.Reason);
        var config = result.Value;
        Assert.Equal(2, config.ObjectType);
        Assert.Equal(2, config.SignalledObjectType);
        Assert.Equal(3, config.SamplingFrequencyIndex);
        Assert.Equal(48000, config.SampleRate);
        Assert.Equal(48000, config.OutputSampleRate);
        Assert.Equal(2, config.ChannelConfiguration);
        Assert.Equal(2, config.Channels);
        Assert.Equal(1024, config.SamplesPerFrame);
        Assert.False(config.HasSbr);
        Assert.False(config.HasPs);
        Assert.Equal(asc, config.Bytes.ToArray());
        Assert.Equal("AAC AOT 2 48000 Hz 2 ch 1024 samples/frame", config.ToString());
    }

    [Fact]
    public void Fixture44kMono()
    {
        var result = AudioSpecificConfig.Parse(SequenceHeaderPayload(FlvFixture.BaselineAac44kMono));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(44100, result.Value.SampleRate);
        Assert.Equal(4, result.Value.SamplingFrequencyIndex);
        Assert.Equal(1, result.Value.Channels);
        Assert.Equal(2, result.Value.ObjectType);
    }

    [Theory]
    [InlineData("12 10", 2, 44100, 2)] // the classic LC 44.1 kHz stereo config
    [InlineData("13 88", 2, 22050, 1)]
    [InlineData("14 08", 2, 16000, 1)]
    [InlineData("0A 10", 1, 44100, 2)] // AAC Main
    [InlineData("22 10", 4, 44100, 2)] // AAC LTP
    public void CommonTwoByteConfigs(string hex, int objectType, int sampleRate, int channels)
    {
        var result = AudioSpecificConfig.Parse(Hex.Bytes(hex));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(objectType, result.Value.ObjectType);
        Assert.Equal(sampleRate, result.Value.SampleRate);
        Assert.Equal(channels, result.Value.Channels);
    }

    [Fact]
    public void ExplicitHeAac_ReadsExtensionRateAndCoreObjectType()
    {
        // AOT 5 (SBR), 24 kHz core, stereo, 48 kHz extension, core AOT 2.
        var result = AudioSpecificConfig.Parse(Bits.Pack("00101 0110 0010 0011 00010" + Ga1024));

        Assert.True(result.IsOk, result.Reason);
        var config = result.Value;
        Assert.Equal(5, config.SignalledObjectType);
        Assert.Equal(2, config.ObjectType);
        Assert.True(config.HasSbr);
        Assert.False(config.HasPs);
        Assert.Equal(24000, config.SampleRate);
        Assert.Equal(48000, config.ExtensionSampleRate);
        Assert.Equal(48000, config.OutputSampleRate);
        Assert.Equal(2, config.Channels);
        Assert.Equal(1024, config.SamplesPerFrame);
        Assert.Equal("AAC HE-AAC 48000 Hz 2 ch 1024 samples/frame", config.ToString());
    }

    [Fact]
    public void ExplicitHeAacV2_MonoCodedParametricStereoDecodesToTwoChannels()
    {
        // AOT 29 (PS), 22.05 kHz core, mono, 44.1 kHz extension, core AOT 2.
        var result = AudioSpecificConfig.Parse(Bits.Pack("11101 0111 0001 0100 00010" + Ga1024));

        Assert.True(result.IsOk, result.Reason);
        Assert.True(result.Value.HasSbr);
        Assert.True(result.Value.HasPs);
        Assert.Equal(29, result.Value.SignalledObjectType);
        Assert.Equal(22050, result.Value.SampleRate);
        Assert.Equal(44100, result.Value.OutputSampleRate);
        Assert.Equal(1, result.Value.ChannelConfiguration);
        Assert.Equal(2, result.Value.Channels);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void BackwardCompatibleSbrSignalling(bool withPs, bool expectPs)
    {
        // LC 24 kHz mono core, then sync extension 0x2B7, AOT 5, sbrPresentFlag 1, 48 kHz, optionally 0x548 + psPresentFlag.
        var ps = withPs ? Bits.Of(0x548, 11) + "1" : string.Empty;
        var asc = Bits.Pack("00010 0110 0001" + Ga1024 + Bits.Of(0x2B7, 11) + "00101 1 0011" + ps);

        var result = AudioSpecificConfig.Parse(asc);

        Assert.True(result.IsOk, result.Reason);
        Assert.True(result.Value.HasSbr);
        Assert.Equal(expectPs, result.Value.HasPs);
        Assert.Equal(2, result.Value.SignalledObjectType);
        Assert.Equal(24000, result.Value.SampleRate);
        Assert.Equal(48000, result.Value.OutputSampleRate);
        Assert.Equal(expectPs ? 2 : 1, result.Value.Channels);
    }

    [Fact]
    public void FrameLengthFlag_Gives960Samples()
    {
        var result = AudioSpecificConfig.Parse(Bits.Pack("00010 0011 0010 1 0 0"));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(960, result.Value.SamplesPerFrame);
    }

    [Fact]
    public void DependsOnCoreCoder_SkipsCoreCoderDelay()
    {
        var asc = Bits.Pack("00010 0011 0010 0 1 " + Bits.Of(0x1234, 14) + " 0" + Bits.Of(0x2B7, 11) + "00101 1 0011");

        var result = AudioSpecificConfig.Parse(asc);

        Assert.True(result.IsOk, result.Reason);
        Assert.True(result.Value.HasSbr); // proves the 14 delay bits were consumed exactly
    }

    [Fact]
    public void ExplicitSamplingFrequency()
    {
        var result = AudioSpecificConfig.Parse(Bits.Pack("00010 1111 " + Bits.Of(50000, 24) + " 0010" + Ga1024));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(15, result.Value.SamplingFrequencyIndex);
        Assert.Equal(50000, result.Value.SampleRate);
    }

    [Theory]
    [InlineData(0, 0)] // defined by a program_config_element
    [InlineData(6, 6)]
    [InlineData(7, 8)]
    [InlineData(11, 7)]
    [InlineData(12, 8)]
    [InlineData(13, 24)]
    [InlineData(14, 8)]
    public void ChannelConfigurations(int channelConfiguration, int channels)
    {
        var result = AudioSpecificConfig.Parse(Bits.Pack("00010 0011 " + Bits.Of(channelConfiguration, 4) + Ga1024));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(channelConfiguration, result.Value.ChannelConfiguration);
        Assert.Equal(channels, result.Value.Channels);
    }

    [Theory]
    [InlineData("11111 001010 0011 0010" + Ga1024, "audioObjectType 42 (USAC / xHE-AAC)")] // escape: 32 + 10
    [InlineData("10111 0011 0010" + Ga1024, "audioObjectType 23 (ER AAC LD)")]
    [InlineData("11111 000111 0011 0010" + Ga1024, "audioObjectType 39 (ER AAC ELD)")]
    [InlineData("11111 000010 0011 0010", "audioObjectType 34 (MPEG-1/2 Layer-3 (MP3))")]
    [InlineData("00101 0110 0010 0011 10111" + Ga1024, "audioObjectType 23 (ER AAC LD)")] // SBR on top of LD
    public void NonGaObjectTypes_AreUnsupported(string bits, string reasonPart)
    {
        var result = AudioSpecificConfig.Parse(Bits.Pack(bits));

        Assert.Equal(FlvParseStatus.Unsupported, result.Status);
        Assert.Null(result.Value);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("00000 0011 0010" + Ga1024, "audioObjectType 0")]
    [InlineData("00010 1101 0010" + Ga1024, "samplingFrequencyIndex 13")]
    [InlineData("00010 1110 0010" + Ga1024, "samplingFrequencyIndex 14")]
    [InlineData("00010 1111 " + "000000000000000000000000" + " 0010" + Ga1024, "samplingFrequencyIndex 15")]
    [InlineData("00010 0011 1000" + Ga1024, "channelConfiguration 8")]
    [InlineData("00010 0011 1111" + Ga1024, "channelConfiguration 15")]
    [InlineData("00101 0110 0010 1101 00010" + Ga1024, "extensionSamplingFrequencyIndex 13")]
    public void Malformed(string bits, string reasonPart)
    {
        var result = AudioSpecificConfig.Parse(Bits.Pack(bits));

        Assert.Equal(FlvParseStatus.Malformed, result.Status);
        Assert.Contains(reasonPart, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", "samplingFrequency")]
    [InlineData("F8", "audioObjectType")] // escape code with no extension bits
    [InlineData("17 80 00", "samplingFrequency")] // explicit frequency cut short
    [InlineData("2B 11", "extensionSamplingFrequency")]
    [InlineData("2B 11 FC", "core audioObjectType")] // escape code with too few bits left
    [InlineData("2B 11 88", "GASpecificConfig")] // 24 bits: core AOT read, GA bits missing
    [InlineData("11 92", "GASpecificConfig")] // dependsOnCoreCoder set but no delay bits
    public void Truncated(string hex, string field)
    {
        var result = AudioSpecificConfig.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Malformed, result.Status);
        Assert.Contains("truncated", result.Reason, StringComparison.Ordinal);
        Assert.Contains(field, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultOwnsItsBytes()
    {
        var input = Hex.Bytes("12 10");

        var config = AudioSpecificConfig.Parse(input).Value!;
        input[0] = 0;

        Assert.Equal(Hex.Bytes("12 10"), config.Bytes.ToArray());
    }

    private static byte[] SequenceHeaderPayload(string fixture) =>
        FlvFixture.Bodies(fixture, FlvFileTag.Audio)[0].AsSpan(2).ToArray();
}

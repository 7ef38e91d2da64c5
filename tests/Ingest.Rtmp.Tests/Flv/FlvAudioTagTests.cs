using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Legacy and Enhanced RTMP audio tags, from ffmpeg output and hand-built vectors.</summary>
public sealed class FlvAudioTagTests
{
    private const string Mp4a = "6D 70 34 61";

    [Theory]
    [InlineData(FlvFixture.HighAac48kStereo, 25)]
    [InlineData(FlvFixture.BaselineAac44kMono, 19)]
    public void Fixture_SequenceHeaderThenRawFrames(string fixture, int rawFrames)
    {
        var bodies = FlvFixture.Bodies(fixture, FlvFileTag.Audio);
        var tags = bodies.Select(b => FlvAudioTag.Parse(b)).ToList();

        Assert.All(tags, t => Assert.True(t.IsOk, t.Reason));
        Assert.Equal(FlvAudioPacketType.SequenceHeader, tags[0].PacketType);
        Assert.Equal(rawFrames, tags.Count(t => t.PacketType == FlvAudioPacketType.RawFrame));
        Assert.All(tags, t =>
        {
            // FLV requires these fixed values for AAC whatever the real rate/channels; the ASC is authoritative.
            Assert.Equal(FlvSoundFormat.Aac, t.SoundFormat);
            Assert.False(t.IsEnhanced);
            Assert.True(t.FourCc.IsNone);
            Assert.Equal(44100, t.SoundRateHz);
            Assert.Equal(3, t.SoundRate);
            Assert.Equal(16, t.SoundSizeBits);
            Assert.True(t.IsStereo);
        });
    }

    [Fact]
    public void RawFrame_IsZeroCopySlice()
    {
        var input = new ReadOnlyMemory<byte>(FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Audio)[1]);

        var tag = FlvAudioTag.Parse(input);

        Assert.Equal(FlvAudioPacketType.RawFrame, tag.PacketType);
        Assert.True(input[2..].Span == tag.Data.Span, "Data must reference the input buffer");
        Assert.Equal("audio Aac RawFrame len=" + (input.Length - 2), tag.ToString());
    }

    [Theory]
    [InlineData("2E FF FB 50 C4 00 00 0A 2C 43 2E 55", "MP3", 2)] // real ffmpeg libmp3lame tags from here down
    [InlineData("B6 30 54 98 22 D2 00 00 68 E8 E8 E8", "Speex", 11)]
    [InlineData("6A AD D5 06 2D E7 DC 63 D0 3D E7 DC", "Nellymoser", 6)]
    [InlineData("72 C7 E1 91 9E 9A 9A 99 90 E2 D2 66", "G.711 A-law", 7)]
    [InlineData("82 E5 C8 BA B3 AF AF B2 B9 C6 F0 4A", "G.711 mu-law", 8)]
    [InlineData("1A 80 15 80 77 77 77 72 00 00 88 88", "ADPCM", 1)]
    [InlineData("3E 00 00 00 01 FF 01 FD 02 F8 03 EE", "Linear PCM (little endian)", 3)]
    [InlineData("04 80 83 87 8A 8D 8F 8F 8F 8E 8C 89", "Linear PCM (platform endian)", 0)]
    [InlineData("42 00", "Nellymoser 16 kHz mono", 4)]
    [InlineData("52 00", "Nellymoser 8 kHz mono", 5)]
    [InlineData("E2 00", "MP3 8 kHz", 14)]
    [InlineData("F2 00", "device-specific sound", 15)]
    public void OtherLegacyFormats_AreUnsupportedWithNamedCodec(string hex, string codecName, int soundFormat)
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.Equal((FlvSoundFormat)soundFormat, tag.SoundFormat);
        Assert.Equal(
            $"audio codec {codecName} (FLV SoundFormat {soundFormat}) is not supported; only AAC is accepted",
            tag.Reason);
    }

    [Fact]
    public void LegacyHeaderFields_AreDecoded()
    {
        // ffmpeg's pcm_u8 11025 Hz mono tag: format 0, rate 1, 8-bit, mono.
        var tag = FlvAudioTag.Parse(Hex.Bytes("04 80 83"));

        Assert.Equal(1, tag.SoundRate);
        Assert.Equal(11025, tag.SoundRateHz);
        Assert.Equal(8, tag.SoundSizeBits);
        Assert.False(tag.IsStereo);
        Assert.Equal(5512, FlvAudioTag.Parse(Hex.Bytes("A0 01")).SoundRateHz);
        Assert.Equal(22050, FlvAudioTag.Parse(Hex.Bytes("A8 01")).SoundRateHz);
    }

    [Theory]
    [InlineData("C2 00", 12)]
    [InlineData("D2 00", 13)]
    public void ReservedFormats_AreUnsupported(string hex, int soundFormat)
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.Equal($"unknown audio SoundFormat {soundFormat} (reserved)", tag.Reason);
    }

    [Theory]
    [InlineData("AF", "truncated")]
    [InlineData("AF 02 00", "AACPacketType 2")]
    [InlineData("AF 00", "no AudioSpecificConfig")]
    public void MalformedAac(string hex, string reasonPart)
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Malformed, tag.Status);
        Assert.Contains(reasonPart, tag.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyMessage_IsIgnoredSilence()
    {
        var tag = FlvAudioTag.Parse(ReadOnlyMemory<byte>.Empty);

        Assert.Equal(FlvParseStatus.Ignored, tag.Status);
        Assert.Contains("silence", tag.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RawFrameWithNoData_IsAccepted()
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes("AF 01"));

        Assert.True(tag.IsOk, tag.Reason);
        Assert.True(tag.Data.IsEmpty);
    }

    [Theory]
    [InlineData("90" + Mp4a + "11 90", ExAudioPacketType.SequenceStart, FlvAudioPacketType.SequenceHeader, "11 90")]
    [InlineData("91" + Mp4a + "21 10 04 60", ExAudioPacketType.CodedFrames, FlvAudioPacketType.RawFrame, "21 10 04 60")]
    [InlineData("92" + Mp4a, ExAudioPacketType.SequenceEnd, FlvAudioPacketType.EndOfSequence, "")]
    public void EnhancedMp4a_IsAccepted(string hex, ExAudioPacketType exType, FlvAudioPacketType packetType, string data)
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes(hex));

        Assert.True(tag.IsOk, tag.Reason);
        Assert.True(tag.IsEnhanced);
        Assert.Equal(FlvSoundFormat.ExHeader, tag.SoundFormat);
        Assert.Equal(FourCc.Mp4a, tag.FourCc);
        Assert.Equal(exType, tag.ExPacketType);
        Assert.Equal(packetType, tag.PacketType);
        Assert.Equal(Hex.Bytes(data), tag.Data.ToArray());
        Assert.Equal(0, tag.SoundRateHz);
        Assert.Equal(0, tag.SoundSizeBits);
        Assert.False(tag.IsStereo);
    }

    [Fact]
    public void EnhancedMp4aSequenceStart_FeedsAudioSpecificConfig()
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes("90" + Mp4a + "12 08 56 E5 00"));

        var config = AudioSpecificConfig.Parse(tag.Data.Span);

        Assert.True(config.IsOk, config.Reason);
        Assert.Equal(44100, config.Value.SampleRate);
        Assert.Equal(1, config.Value.Channels);
    }

    [Theory]
    [InlineData("90 4F 70 75 73 01 02 38 01 80 BB 00 00 00 00 00", "'Opus' (Opus)")]
    [InlineData("90 66 4C 61 43 66 4C 61 43 80 00 00 22", "'fLaC' (FLAC)")]
    [InlineData("91 61 63 2D 33 0B 77", "'ac-3' (AC-3)")]
    [InlineData("91 65 63 2D 33 0B 77", "'ec-3' (E-AC-3)")]
    [InlineData("91 2E 6D 70 33 FF FB 90 64", "'.mp3' (MP3)")]
    public void OtherEnhancedCodecs_AreUnsupported(string hex, string codec)
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.False(tag.FourCc.IsNone);
        Assert.Equal($"Enhanced RTMP audio codec {codec} is not supported; only AAC is accepted", tag.Reason);
    }

    [Theory]
    [InlineData("90 61 62 63 64 00", "unknown Enhanced RTMP audio codec 'abcd'")]
    [InlineData("95 00 6D 70 34 61 00", "Enhanced RTMP multitrack audio is not supported")]
    [InlineData("97 02 00 00 00 91 6D 70 34 61", "Enhanced RTMP audio ModEx packets (e.g. nanosecond timestamp offsets) are not supported")]
    [InlineData("93" + Mp4a, "unknown Enhanced RTMP audio packet type 3")]
    [InlineData("96" + Mp4a, "unknown Enhanced RTMP audio packet type 6")]
    [InlineData("9F" + Mp4a, "unknown Enhanced RTMP audio packet type 15")]
    public void EnhancedUnsupportedFeatures(string hex, string reason)
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Unsupported, tag.Status);
        Assert.Equal(reason, tag.Reason);
    }

    [Fact]
    public void EnhancedMultichannelConfig_IsIgnoredForAac()
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes("94" + Mp4a + "01 02 00 00 00 03"));

        Assert.Equal(FlvParseStatus.Ignored, tag.Status);
        Assert.NotEmpty(tag.Reason);
    }

    [Theory]
    [InlineData("90", "truncated")]
    [InlineData("91 6D 70 34", "truncated")]
    [InlineData("90" + Mp4a, "no AudioSpecificConfig")]
    public void MalformedEnhanced(string hex, string reasonPart)
    {
        var tag = FlvAudioTag.Parse(Hex.Bytes(hex));

        Assert.Equal(FlvParseStatus.Malformed, tag.Status);
        Assert.Contains(reasonPart, tag.Reason, StringComparison.Ordinal);
    }
}

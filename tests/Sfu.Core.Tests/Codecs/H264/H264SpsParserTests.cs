using Sfu.Core.Codecs.H264;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class H264SpsParserTests
{
    // SPS NAL units produced by libx264 via ffmpeg (testsrc2, one frame); expected values cross-checked with ffprobe
    // and ffmpeg's trace_headers bitstream filter.
    public static TheoryData<string, int, int, string, int, bool, double> EncoderOutput => new()
    {
        { "6742c01ed900a02ff970110000030001000003003c0f162e48", 640, 360, "42c01e", 1, true, 30 },
        { "6764001facd9405005bb0110000003001000000303c0f1831960", 1280, 720, "64001f", 1, true, 30 },
        { "67640028acd940780227e5c044000003000400000300f03c60c658", 1920, 1080, "640028", 1, true, 30 },
        { "674d401feca06c1ef3780880000003008000001e078c18cb", 854, 480, "4d401f", 1, true, 30 },
        { "674d401eeca0501ed808800001f480007530078b16cb", 640, 480, "4d401e", 1, true, 30000 / 1001.0 },
        { "6742c00ad902c4ec0440000003004000000783c48992", 176, 144, "42c00a", 1, true, 15 },
        { "676e001fa6cd9405005bb0110000030001000003003c0f183196", 1280, 720, "6e001f", 1, true, 30 },
        { "677a001ebcd940a42fe227c044000003000400000300f03c58b658", 642, 362, "7a001e", 2, true, 30 },
        { "67f4001f919b280a00b76022000003000200000300641e30632c", 1280, 720, "f4001f", 3, true, 25 },
        { "67f4002a919b280ac0c3c5f80880000003008000003c078c18cb", 1366, 768, "f4002a", 3, true, 60 },
        { "6764000df36505421e3e3f016c80000003008000001e078a14cb", 322, 242, "64000d", 0, true, 30 },
        { "6764001eacd940b424d8088000000300800000190f8a14cb", 720, 576, "64001e", 1, false, 25 },
        { "6764001eacd940b424f558088000000300800000190f8a14cb", 718, 572, "64001e", 1, false, 25 },
    };

    [Theory]
    [MemberData(nameof(EncoderOutput))]
    public void ParsesEncoderOutput(string hex, int width, int height, string profileLevelId, int chromaFormatIdc, bool frameMbsOnly, double frameRate)
    {
        Assert.True(H264SpsParser.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.Equal(width, sps.Width);
        Assert.Equal(height, sps.Height);
        Assert.Equal(profileLevelId, sps.ProfileLevelId);
        Assert.Equal(chromaFormatIdc, sps.ChromaFormatIdc);
        Assert.Equal(frameMbsOnly, sps.FrameMbsOnly);
        Assert.Equal(frameRate, sps.FrameRate!.Value, 6);
        Assert.Equal(0, sps.CodedWidth % 16);
    }

    [Fact]
    public void ExposesHighProfileFields()
    {
        Assert.True(H264SpsParser.TryParse(Convert.FromHexString("67640028acd940780227e5c044000003000400000300f03c60c658"), out var sps));
        Assert.Equal(100, sps.ProfileIdc);
        Assert.Equal(0, sps.ConstraintFlags);
        Assert.Equal(40, sps.LevelIdc);
        Assert.Equal(0, sps.SeqParameterSetId);
        Assert.Equal(8, sps.BitDepthLuma);
        Assert.False(sps.HasScalingMatrix);
        Assert.Equal(4, sps.Log2MaxFrameNum);
        Assert.Equal(0, sps.PicOrderCntType);
        Assert.Equal(6, sps.Log2MaxPicOrderCntLsb);
        Assert.Equal(4, sps.MaxNumRefFrames);
        Assert.True(sps.Direct8x8Inference);
        Assert.Equal(1920, sps.CodedWidth);
        Assert.Equal(1088, sps.CodedHeight);
    }

    [Fact]
    public void ReadsBitDepthAndMbaff()
    {
        Assert.True(H264SpsParser.TryParse(Convert.FromHexString("676e001fa6cd9405005bb0110000030001000003003c0f183196"), out var high10));
        Assert.Equal(10, high10.BitDepthLuma);
        Assert.Equal(10, high10.BitDepthChroma);

        Assert.True(H264SpsParser.TryParse(Convert.FromHexString("6764001eacd940b424f558088000000300800000190f8a14cb"), out var mbaff));
        Assert.True(mbaff.MbAdaptiveFrameField);
        Assert.Equal(576, mbaff.CodedHeight);
    }

    [Fact]
    public void BaselineUsesPicOrderCntType2()
    {
        Assert.True(H264SpsParser.TryParse(Convert.FromHexString("6742c01ed900a02ff970110000030001000003003c0f162e48"), out var sps));
        Assert.Equal(2, sps.PicOrderCntType);
        Assert.Equal(0xc0, sps.ConstraintFlags);
        Assert.Equal(1, sps.ChromaFormatIdc);
        Assert.Equal(368, sps.CodedHeight);
    }

    // Hand-written with a bit writer: High 4:2:0 1920x1080 with SPS scaling lists (custom 4x4, fall-back,
    // use-default and an early-terminated 8x8 list), extended SAR, colour description, NAL and VCL HRD, and
    // 120000/1001 timing. ffmpeg's trace_headers decodes every field as intended.
    [Fact]
    public void SkipsScalingListsAndHrd()
    {
        const string hex = "67640029ad94c5314c5314c5314c532111492492492492492072d940780227e5ffc0010000ed4040407c00000fa40007530344600fa400fa2007d4007d2def7c511803e9003e8801f5001f4b7bdf06d04422cb";
        Assert.True(H264SpsParser.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.True(sps.HasScalingMatrix);
        Assert.Equal("640029", sps.ProfileLevelId);
        Assert.Equal(1920, sps.Width);
        Assert.Equal(1080, sps.Height);
        Assert.Equal(1001u, sps.NumUnitsInTick);
        Assert.Equal(120000u, sps.TimeScale);
        Assert.True(sps.FixedFrameRate);
        Assert.Equal(59.94, sps.FrameRate!.Value, 2);
    }

    // Hand-written: High 4:4:4 with separate colour planes (crop units as monochrome), three of twelve scaling
    // lists present, pic_order_cnt_type 1 with a three-entry cycle, field coding, sps id 3, no VUI.
    [Fact]
    public void HandlesSeparateColourPlanesPocType1AndNoVui()
    {
        const string hex = "67f4001e213b1471d1471d1471d1471d0228e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a228e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3a28e3ad0e3888a00961816848d26d";
        Assert.True(H264SpsParser.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.Equal(3, sps.ChromaFormatIdc);
        Assert.True(sps.SeparateColourPlane);
        Assert.Equal(3, sps.SeqParameterSetId);
        Assert.Equal(1, sps.PicOrderCntType);
        Assert.Equal(6, sps.Log2MaxFrameNum);
        Assert.Equal(2, sps.MaxNumRefFrames);
        Assert.False(sps.FrameMbsOnly);
        Assert.False(sps.MbAdaptiveFrameField);
        Assert.Equal(720, sps.CodedWidth);
        Assert.Equal(576, sps.CodedHeight);
        Assert.Equal(718, sps.Width);
        Assert.Equal(568, sps.Height);
        Assert.Null(sps.FrameRate);
    }

    // Hand-written so the RBSP contains 00 00 00 and 00 00 03 runs: both escapes must be removed before
    // time_scale (0x00000300) and the following fields read correctly.
    [Fact]
    public void RemovesEmulationPreventionBytes()
    {
        Assert.True(H264SpsParser.TryParse(Convert.FromHexString("6742e0008d77210000030001000003030004"), out var sps));
        Assert.Equal("42e000", sps.ProfileLevelId);
        Assert.Equal(16, sps.Log2MaxFrameNum);
        Assert.Equal(16, sps.Width);
        Assert.Equal(16, sps.Height);
        Assert.Equal(1u, sps.NumUnitsInTick);
        Assert.Equal(0x300u, sps.TimeScale);
    }

    [Fact]
    public void IgnoresTrailingZeroBytes()
    {
        byte[] nal = [.. H264TestData.Sps, 0, 0];
        Assert.True(H264SpsParser.TryParse(nal, out var sps));
        Assert.Equal(1280, sps.Width);
    }

    [Fact]
    public void RejectsAMissingStopBit()
    {
        var nal = (byte[])H264TestData.Sps.Clone();
        nal[^1] &= (byte)(nal[^1] - 1); // clear the lowest set bit: the rbsp_stop_one_bit

        Assert.False(H264SpsParser.TryParse(nal, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("67")]
    [InlineData("68ebe3cb22c0")] // a PPS
    [InlineData("e764001facd9405005bb0110000003001000000303c0f1831960")] // forbidden bit set
    [InlineData("6764001f000000000080")] // Exp-Golomb code longer than 32 bits
    [InlineData("6764001fff")] // truncated after sps id
    public void RejectsInvalidInput(string hex)
    {
        Assert.False(H264SpsParser.TryParse(Convert.FromHexString(hex), out var sps));
        Assert.Null(sps);
    }
}

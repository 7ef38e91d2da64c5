using Sfu.Core.Codecs.H264;
using Sfu.Core.Codecs.Vp8;

namespace Sfu.Core.Tests.Codecs;

/// <summary>The picture size a keyframe's first RTP packet declares, which orders simulcast layers.</summary>
public sealed class PictureSizeTests
{
    // x264's SPS for 1280x720 High profile (emulation-prevention bytes included, as it travels in RTP).
    private static readonly byte[] Sps720p =
        [0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9, 0x40, 0x50, 0x05, 0xBB, 0x01, 0x10, 0x00, 0x00, 0x03, 0x00, 0x10, 0x00, 0x00, 0x03, 0x03, 0xC0, 0xF1, 0x83, 0x19, 0x60];

    [Fact]
    public void H264SizeComesFromTheSpsAloneOrInsideAStapA()
    {
        Assert.True(H264KeyframeMarker.TryReadSpsSize(Sps720p, out int width, out int height));
        Assert.Equal((1280, 720), (width, height));

        byte[] stapA = [24, 0, 2, 0x09, 0x10, 0, (byte)Sps720p.Length, .. Sps720p, 0, 2, 0x68, 0xCE];
        Assert.True(H264KeyframeMarker.TryReadSpsSize(stapA, out width, out height));
        Assert.Equal((1280, 720), (width, height));
    }

    [Fact]
    public void H264WithoutAWholeSpsHasNoSize()
    {
        Assert.False(H264KeyframeMarker.TryReadSpsSize([], out _, out _));
        Assert.False(H264KeyframeMarker.TryReadSpsSize(Sps720p.AsSpan(0, 4), out _, out _));
        Assert.False(H264KeyframeMarker.TryReadSpsSize([24, 0, 40, .. Sps720p], out _, out _));
        Assert.False(H264KeyframeMarker.TryReadSpsSize([0x7C, 0x85, 0xAA], out _, out _));
        Assert.False(H264KeyframeMarker.TryReadSpsSize([24, 0, 2, 0x68, 0xCE], out _, out _));
    }

    [Fact]
    public void Vp8SizeComesFromTheKeyframeHeader()
    {
        byte[] keyframe = [0x10, 0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x00, 0x05, 0xD0, 0x02];
        Assert.True(Vp8KeyframeDetector.TryReadKeyframeSize(keyframe, out int width, out int height));
        Assert.Equal((1280, 720), (width, height));

        // With the extended descriptor (picture id) before it.
        byte[] extended = [0x90, 0x80, 0x12, 0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0x68, 0x01];
        Assert.True(Vp8KeyframeDetector.TryReadKeyframeSize(extended, out width, out height));
        Assert.Equal((640, 360), (width, height));
    }

    [Fact]
    public void Vp8InterframesTruncatedHeadersAndWrongStartCodesHaveNoSize()
    {
        Assert.False(Vp8KeyframeDetector.TryReadKeyframeSize([0x10, 0x51, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x00, 0x05, 0xD0, 0x02], out _, out _));
        Assert.False(Vp8KeyframeDetector.TryReadKeyframeSize([0x10, 0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x00], out _, out _));
        Assert.False(Vp8KeyframeDetector.TryReadKeyframeSize([0x10, 0x50, 0x01, 0x00, 0x9D, 0x01, 0x2B, 0x00, 0x05, 0xD0, 0x02], out _, out _));
        Assert.False(Vp8KeyframeDetector.TryReadKeyframeSize([0x10, 0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x00, 0x00, 0x00, 0x00], out _, out _));
        Assert.False(Vp8KeyframeDetector.TryReadKeyframeSize([], out _, out _));
    }
}

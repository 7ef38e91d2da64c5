using CsCheck;
using Sfu.Core.Codecs.Vp8;

namespace Sfu.Core.Tests.Codecs.Vp8;

public sealed class Vp8KeyframeDetectorTests
{
    [Theory]
    // Chromium: X=1, S=1, PID 0; I=1 with a 15-bit picture id, L, T/K; then a key frame header (P bit 0).
    [InlineData(new byte[] { 0x90, 0xE0, 0x80, 0x01, 0x05, 0x20, 0x10, 0x02, 0x00 }, true)]
    // The same with the P bit set: an interframe.
    [InlineData(new byte[] { 0x90, 0xE0, 0x80, 0x01, 0x05, 0x20, 0x11, 0x02, 0x00 }, false)]
    // Minimal descriptor (no X), key frame.
    [InlineData(new byte[] { 0x10, 0x50, 0x2A, 0x01 }, true)]
    // Not the start of the frame (S=0), or another partition.
    [InlineData(new byte[] { 0x00, 0x50, 0x2A }, false)]
    [InlineData(new byte[] { 0x11, 0x50, 0x2A }, false)]
    // 7-bit picture id (M=0).
    [InlineData(new byte[] { 0x90, 0x80, 0x05, 0x10, 0x02 }, true)]
    public void KeyframesAreFoundBehindEveryDescriptorForm(byte[] payload, bool keyframe) =>
        Assert.Equal(keyframe, Vp8KeyframeDetector.StartsKeyframe(payload));

    [Fact]
    public void TruncatedDescriptorsAreNotKeyframesAndNothingThrows()
    {
        Assert.False(Vp8KeyframeDetector.StartsKeyframe([]));
        Assert.False(Vp8KeyframeDetector.StartsKeyframe([0x90]));
        Assert.False(Vp8KeyframeDetector.StartsKeyframe([0x90, 0x80]));
        Assert.False(Vp8KeyframeDetector.StartsKeyframe([0x90, 0xE0, 0x80, 0x01, 0x05, 0x20]));
        Gen.Byte.Array[0, 16].Sample(bytes => { _ = Vp8KeyframeDetector.StartsKeyframe(bytes); }, iter: 5000);
    }
}

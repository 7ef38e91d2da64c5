using CsCheck;
using Sfu.Core.Codecs.H264;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class H264KeyframeMarkerTests
{
    private static readonly byte[] StapASpsPps = [24, 0, 3, 0x67, 0x42, 0x1F, 0, 2, 0x68, 0xCE];
    private static readonly byte[] FuAIdrStart = [0x7C, 0x85, 0xAA, 0xBB];
    private static readonly byte[] FuAIdrMiddle = [0x7C, 0x05, 0xAA];
    private static readonly byte[] FuANonIdrStart = [0x7C, 0x81, 0xAA];
    private static readonly byte[] SingleIdr = [0x65, 0x88, 0x84];
    private static readonly byte[] SingleNonIdr = [0x41, 0x9A];

    [Fact]
    public void ChromiumStyleKeyframeIsMarkedOnceAtItsParameterSets()
    {
        // Chromium: STAP-A(SPS, PPS), then the IDR in FU-As, all with one timestamp; then a P frame.
        var marker = new H264KeyframeMarker();
        Assert.True(marker.IsKeyframeStart(3000, StapASpsPps));
        Assert.False(marker.IsKeyframeStart(3000, FuAIdrStart));
        Assert.False(marker.IsKeyframeStart(3000, FuAIdrMiddle));
        Assert.False(marker.IsKeyframeStart(6000, FuANonIdrStart));

        // The next keyframe, at a new timestamp, is marked again.
        Assert.True(marker.IsKeyframeStart(9000, StapASpsPps));
    }

    [Fact]
    public void AnIdrWithoutInBandParameterSetsIsMarkedAtItsFirstFragmentOrNalUnit()
    {
        var marker = new H264KeyframeMarker();
        Assert.True(marker.IsKeyframeStart(100, FuAIdrStart));
        Assert.False(marker.IsKeyframeStart(100, FuAIdrMiddle));
        Assert.True(marker.IsKeyframeStart(200, SingleIdr));
        Assert.False(marker.IsKeyframeStart(300, SingleNonIdr));
        Assert.False(marker.IsKeyframeStart(300, FuAIdrMiddle));
    }

    [Fact]
    public void MalformedPayloadsAreNotKeyframesAndNeverThrow()
    {
        Assert.False(H264KeyframeMarker.StartsKeyframe([]));
        Assert.False(H264KeyframeMarker.StartsKeyframe([24, 0, 9, 0x67]));
        Assert.False(H264KeyframeMarker.StartsKeyframe([24, 0, 0]));
        Assert.False(H264KeyframeMarker.StartsKeyframe([0x7C]));
        Gen.Byte.Array[0, 40].Sample(bytes => { _ = H264KeyframeMarker.StartsKeyframe(bytes); }, iter: 5000);
    }
}

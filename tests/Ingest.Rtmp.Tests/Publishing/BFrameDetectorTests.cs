using Ingest.Rtmp.Publishing;

namespace Ingest.Rtmp.Tests.Publishing;

public sealed class BFrameDetectorTests
{
    [Fact]
    public void PictureOrderCountType2RulesBFramesOutAtOnce() =>
        Assert.False(new BFrameDetector(reorderingImpossible: true).HasBFrames);

    [Fact]
    public void PresentationBeforeAnEarlierFrameMeansBFrames()
    {
        // I0 P3 B1 B2 in decode order, as x264 with bframes=2 emits them.
        var detector = new BFrameDetector(reorderingImpossible: false);
        detector.OnFrame(0, keyframe: true);
        detector.OnFrame(100, keyframe: false);
        Assert.Null(detector.HasBFrames);
        detector.OnFrame(33, keyframe: false);
        Assert.True(detector.HasBFrames);
    }

    [Fact]
    public void AWholeGopInOrderMeansNone()
    {
        var detector = new BFrameDetector(reorderingImpossible: false);
        for (int i = 0; i < 30; i++)
        {
            detector.OnFrame(i * 33, keyframe: i == 0);
        }

        Assert.Null(detector.HasBFrames);
        detector.OnFrame(30 * 33, keyframe: true);
        Assert.False(detector.HasBFrames);
    }
}

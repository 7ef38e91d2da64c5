using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class OveruseDetectorTests
{
    [Fact]
    public void Signals_overuse_only_after_it_lasts_more_than_ten_ms_and_keeps_rising()
    {
        var detector = new OveruseDetector();

        // First sample counts half its span: 4 ms.
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(20, 0.1, 8, 0));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(20, 0.1, 5, 5));
        Assert.Equal(BandwidthUsage.Overusing, detector.Detect(20, 0.1, 5, 10));
    }

    [Fact]
    public void Falling_trend_above_the_threshold_is_not_yet_overuse()
    {
        var detector = new OveruseDetector();
        detector.Detect(20, 0.2, 20, 0);

        Assert.Equal(BandwidthUsage.Normal, detector.Detect(20, 0.1, 20, 20));
    }

    [Fact]
    public void Signals_underuse_below_minus_threshold_and_normal_in_between()
    {
        var detector = new OveruseDetector();

        Assert.Equal(BandwidthUsage.Underusing, detector.Detect(-13, -0.05, 10, 0));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(5, 0.01, 10, 10));
    }

    [Fact]
    public void Threshold_rises_slowly_toward_a_sustained_larger_trend()
    {
        var detector = new OveruseDetector();
        double now = 0;
        detector.Detect(20, 0.1, 10, now);
        double before = detector.ThresholdMs;

        detector.Detect(20, 0.1, 10, now += 50);

        // k_up 0.0087 × (20 − 12.5) × 50 ms.
        Assert.Equal(before + (0.0087 * (20 - 12.5) * 50), detector.ThresholdMs, 9);
        for (int i = 0; i < 1000; i++)
        {
            detector.Detect(20, 0.1, 10, now += 50);
        }

        Assert.Equal(20, detector.ThresholdMs, 3);
    }

    [Fact]
    public void Threshold_falls_faster_toward_a_small_trend_and_stops_at_the_minimum()
    {
        var detector = new OveruseDetector();
        detector.Detect(0, 0, 10, 0);

        detector.Detect(0, 0, 10, 10);

        Assert.Equal(12.5 - (0.039 * 12.5 * 10), detector.ThresholdMs, 9);
        for (int i = 2; i < 100; i++)
        {
            detector.Detect(0, 0, 10, i * 10);
        }

        Assert.Equal(OveruseDetector.MinThresholdMs, detector.ThresholdMs, 9);
    }

    [Fact]
    public void Outlier_trends_do_not_move_the_threshold()
    {
        var detector = new OveruseDetector();
        detector.Detect(0, 0, 10, 0);

        detector.Detect(500, 1, 10, 100);

        Assert.Equal(OveruseDetector.InitialThresholdMs, detector.ThresholdMs);
    }

    [Fact]
    public void Threshold_never_exceeds_the_maximum()
    {
        var detector = new OveruseDetector();
        double trend = 12.5;
        for (int i = 0; i < 100_000; i++)
        {
            trend = Math.Min(detector.ThresholdMs + 10, 1000);
            detector.Detect(trend, 1, 10, i * 100);
        }

        Assert.Equal(OveruseDetector.MaxThresholdMs, detector.ThresholdMs, 9);
    }
}

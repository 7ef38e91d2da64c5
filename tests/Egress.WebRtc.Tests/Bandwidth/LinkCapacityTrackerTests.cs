using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class LinkCapacityTrackerTests
{
    [Fact]
    public void First_congestion_sets_the_estimate_and_a_band_around_it()
    {
        var tracker = new LinkCapacityTracker();

        tracker.OnCongestion(2_000_000);

        Assert.True(tracker.HasEstimate);
        Assert.Equal(2_000_000, tracker.EstimateBitsPerSecond);
        Assert.InRange(tracker.UpperBoundBitsPerSecond, 2_050_000, 2_350_000);
        Assert.InRange(tracker.LowerBoundBitsPerSecond, 1_650_000, 1_950_000);
    }

    [Fact]
    public void Congestion_well_below_the_band_replaces_the_estimate()
    {
        var tracker = new LinkCapacityTracker();
        tracker.OnCongestion(2_000_000);

        tracker.OnCongestion(1_000_000);

        Assert.Equal(1_000_000, tracker.EstimateBitsPerSecond);
    }

    [Fact]
    public void Congestion_inside_the_band_is_smoothed_in()
    {
        var tracker = new LinkCapacityTracker();
        tracker.OnCongestion(2_000_000);

        tracker.OnCongestion(1_980_000);

        Assert.Equal(1_999_000, tracker.EstimateBitsPerSecond, 3);
    }
}

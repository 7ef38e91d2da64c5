using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class AcknowledgedBitrateEstimatorTests
{
    [Fact]
    public void Measures_a_steady_rate()
    {
        var estimator = new AcknowledgedBitrateEstimator();

        // 1000-byte packets every 4 ms: 2 Mbit/s.
        for (long t = 0; t <= 2_000_000; t += 4_000)
        {
            estimator.Add(1_000_000_000 + t, 1000);
        }

        Assert.NotNull(estimator.BitsPerSecond);
        Assert.InRange(estimator.BitsPerSecond!.Value, 1_950_000, 2_050_000);
    }

    [Fact]
    public void Has_no_rate_until_enough_arrival_time_is_covered()
    {
        var estimator = new AcknowledgedBitrateEstimator();
        for (long t = 0; t < 90_000; t += 4_000)
        {
            estimator.Add(t, 1000);
        }

        Assert.Null(estimator.BitsPerSecond);
    }

    [Fact]
    public void Idle_gaps_lower_the_rate()
    {
        var estimator = new AcknowledgedBitrateEstimator();
        for (long t = 0; t < 1_000_000; t += 4_000)
        {
            estimator.Add(t, 1000);
        }

        // One packet after 2 s of silence: the window holds almost nothing.
        estimator.Add(3_000_000, 1000);

        Assert.True(estimator.BitsPerSecond < 100_000);
    }

    [Fact]
    public void Follows_a_rate_change_within_the_window()
    {
        var estimator = new AcknowledgedBitrateEstimator();
        long t = 0;
        for (; t < 2_000_000; t += 4_000)
        {
            estimator.Add(t, 1000);
        }

        for (; t < 3_000_000; t += 8_000)
        {
            estimator.Add(t, 1000);
        }

        Assert.InRange(estimator.BitsPerSecond!.Value, 950_000, 1_100_000);
    }

    [Fact]
    public void Receiver_clock_jump_restarts_the_measurement()
    {
        var estimator = new AcknowledgedBitrateEstimator();
        for (long t = 0; t < 1_000_000; t += 4_000)
        {
            estimator.Add(t, 1000);
        }

        estimator.Add(-50_000_000, 1000);

        Assert.Null(estimator.BitsPerSecond);
    }

    [Fact]
    public void Recent_rate_reflects_the_newest_arrivals_only()
    {
        var estimator = new AcknowledgedBitrateEstimator();
        long t = 0;
        for (; t < 2_000_000; t += 4_000)
        {
            estimator.Add(t, 1000);
        }

        // Rate halves for the last 300 ms: the full window lags, the recent one does not.
        for (; t < 2_300_000; t += 8_000)
        {
            estimator.Add(t, 1000);
        }

        Assert.InRange(estimator.RecentBitsPerSecond!.Value, 950_000, 1_050_000);
        Assert.True(estimator.BitsPerSecond > 1_300_000);
    }
}

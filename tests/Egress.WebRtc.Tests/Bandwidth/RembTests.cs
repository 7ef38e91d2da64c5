using System.Diagnostics;
using Egress.WebRtc.Bandwidth;
using Egress.WebRtc.Tests.Bandwidth.Simulation;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class RembTests
{
    [Fact]
    public void Recent_remb_caps_the_transport_cc_estimate()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 300_000 });
        var simulation = new LinkSimulation(estimator, new BottleneckLink(2_500_000, seed: 3));

        for (int second = 0; second < 20; second++)
        {
            estimator.OnRemb(800_000, simulation.NowTimestamp);
            simulation.Run(1);
            Assert.True(estimator.EstimateBitsPerSecond <= 800_000, $"estimate {estimator.EstimateBitsPerSecond} above REMB at {second} s");
        }

        Assert.True(estimator.DelayBasedBitsPerSecond > 800_000, "delay-based estimate should still run ahead of the cap");
    }

    [Fact]
    public void Stale_remb_no_longer_caps()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 300_000 });
        var simulation = new LinkSimulation(estimator, new BottleneckLink(2_500_000, seed: 3));
        estimator.OnRemb(500_000, simulation.NowTimestamp);
        simulation.Run(4);
        Assert.True(estimator.EstimateBitsPerSecond <= 500_000);

        simulation.Run(10);

        Assert.True(estimator.EstimateBitsPerSecond > 1_000_000, $"estimate {estimator.EstimateBitsPerSecond}");
    }

    [Theory]
    [InlineData(1_200_000, 1_200_000)]
    [InlineData(10_000, 50_000)]
    [InlineData(90_000_000, 20_000_000)]
    [InlineData(-5, 50_000)]
    public void Without_transport_cc_the_remb_is_the_estimate(long remb, long expected)
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());

        estimator.OnRemb(remb, Stopwatch.GetTimestamp());

        Assert.Equal(expected, estimator.EstimateBitsPerSecond);
        Assert.Equal(0, estimator.FeedbackReports);
    }

    [Fact]
    public void Without_any_feedback_the_initial_rate_is_the_estimate()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 750_000 });

        Assert.Equal(750_000, estimator.EstimateBitsPerSecond);
    }

    [Fact]
    public void Remb_only_estimate_follows_the_latest_remb_even_when_old()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        estimator.OnRemb(2_000_000, VirtualClock.ToTimestamp(0));
        estimator.OnRemb(600_000, VirtualClock.ToTimestamp(1_000_000));

        estimator.OnRoundTripTime(TimeSpan.FromMilliseconds(50));

        Assert.Equal(600_000, estimator.EstimateBitsPerSecond);
    }
}

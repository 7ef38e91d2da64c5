using Egress.WebRtc.Bandwidth;
using Egress.WebRtc.Tests.Bandwidth.Simulation;
using Xunit.Abstractions;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class ApplicationLimitedTests(ITestOutputHelper output)
{
    private const double ApplicationRate = 200_000;
    private const double ThroughputLimit = (1.5 * ApplicationRate) + 10_000;

    [Fact]
    public void Estimate_does_not_run_away_above_what_is_actually_sent()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 150_000 });
        var simulation = new LinkSimulation(estimator, new BottleneckLink(10_000_000, seed: 5)) { ApplicationRateBitsPerSecond = ApplicationRate };

        simulation.Run(60);

        long peak = simulation.Samples.Max(s => s.EstimateBitsPerSecond);
        output.WriteLine($"app-limited at 200 kbit/s on 10 Mbit/s: peak estimate {peak}, final {estimator.EstimateBitsPerSecond}, acked {estimator.AcknowledgedBitsPerSecond}");
        Assert.True(peak <= ThroughputLimit * 1.05, $"estimate ran away to {peak}");
        Assert.True(estimator.EstimateBitsPerSecond >= ApplicationRate, "estimate should still cover what is sent");
    }

    [Fact]
    public void Estimate_starting_above_the_limit_does_not_grow()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 1_000_000 });
        var simulation = new LinkSimulation(estimator, new BottleneckLink(10_000_000, seed: 5)) { ApplicationRateBitsPerSecond = ApplicationRate };

        simulation.Run(60);

        Assert.True(simulation.Samples.All(s => s.EstimateBitsPerSecond <= 1_000_000));
    }

    [Fact]
    public void A_fixed_rate_stream_through_a_link_that_narrows_and_widens_again_is_followed_both_ways()
    {
        // Our sources (an RTMP encoder) do not follow the estimate: 2.5 Mbit/s go out whatever it says.
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 3_000_000 });
        var simulation = new LinkSimulation(estimator, new BottleneckLink(10_000_000, seed: 9)) { ApplicationRateBitsPerSecond = 2_500_000, IgnoresEstimate = true };
        simulation.Run(10);
        long open = estimator.EstimateBitsPerSecond;

        simulation.Link.CapacityBitsPerSecond = 1_500_000;
        simulation.Run(10);
        long narrow = estimator.EstimateBitsPerSecond;

        // The link widens: the stream arrives whole with flat delay, which is evidence enough at once; creeping up at
        // 5–8 %/s from the congested value would take half a minute.
        simulation.Link.CapacityBitsPerSecond = 10_000_000;
        double widenedAt = simulation.NowSeconds;
        simulation.Run(10);
        double recoveredAfter = simulation.Samples.Where(s => s.TimeSeconds > widenedAt && s.EstimateBitsPerSecond >= 2_400_000).Select(s => s.TimeSeconds - widenedAt).DefaultIfEmpty(double.PositiveInfinity).First();
        output.WriteLine($"open {open}, narrowed to 1.5 Mbit/s: {narrow}, widened: ≥ 2.4 Mbit/s after {recoveredAfter:0.0} s, final {estimator.EstimateBitsPerSecond}");
        Assert.True(open >= 2_500_000, $"open link estimate {open}");
        Assert.InRange(narrow, 50_000, 1_600_000);
        Assert.True(recoveredAfter <= 3, $"took {recoveredAfter:0.0} s");
    }
}

using Egress.WebRtc.Bandwidth;
using Egress.WebRtc.Tests.Bandwidth.Simulation;
using Xunit.Abstractions;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class LossResponseTests(ITestOutputHelper output)
{
    private const double AmpleCapacity = 10_000_000;
    private const long Initial = 1_000_000;

    [Fact]
    public void Heavy_random_loss_pulls_the_loss_based_estimate_down()
    {
        var (estimator, simulation) = Create(randomLoss: 0.15);

        simulation.Run(10);

        output.WriteLine($"15 % loss: {simulation.Link.RandomDrops} random drops, loss fraction {estimator.LossFraction:F3}, loss-based {estimator.LossBasedBitsPerSecond}, delay-based {estimator.DelayBasedBitsPerSecond}, estimate {estimator.EstimateBitsPerSecond}");
        Assert.InRange(estimator.LossFraction, 0.05, 0.3);
        Assert.True(estimator.LossBasedBitsPerSecond < Initial / 2, $"loss-based {estimator.LossBasedBitsPerSecond}");
        Assert.True(estimator.EstimateBitsPerSecond <= estimator.LossBasedBitsPerSecond);
    }

    [Fact]
    public void Light_random_loss_does_not_pull_the_estimate_down()
    {
        var (estimator, simulation) = Create(randomLoss: 0.01);

        simulation.Run(20);

        output.WriteLine($"1 % loss: {simulation.Link.RandomDrops} random drops, mean sampled loss {simulation.Samples.Average(s => s.LossFraction):F3}, loss-based {estimator.LossBasedBitsPerSecond}, estimate {estimator.EstimateBitsPerSecond}");
        Assert.True(simulation.Link.RandomDrops > 0);
        Assert.True(simulation.Samples.All(s => s.LossBasedBitsPerSecond >= Initial), "loss-based estimate fell");
        Assert.True(estimator.EstimateBitsPerSecond > Initial);
    }

    [Fact]
    public void Loss_limit_lifts_again_after_loss_stops()
    {
        var (estimator, simulation) = Create(randomLoss: 0.15);
        simulation.Run(10);
        long duringLoss = estimator.EstimateBitsPerSecond;

        simulation.Link.RandomLossFraction = 0;
        simulation.Run(30);

        output.WriteLine($"after loss stops: {duringLoss} -> {estimator.EstimateBitsPerSecond}");
        Assert.True(estimator.EstimateBitsPerSecond > 3 * duringLoss);
    }

    private static (SendSideBandwidthEstimator Estimator, LinkSimulation Simulation) Create(double randomLoss)
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = Initial });
        var link = new BottleneckLink(AmpleCapacity, seed: 7) { RandomLossFraction = randomLoss };
        return (estimator, new LinkSimulation(estimator, link));
    }
}

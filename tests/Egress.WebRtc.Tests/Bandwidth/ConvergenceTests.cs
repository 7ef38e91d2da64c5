using Egress.WebRtc.Bandwidth;
using Egress.WebRtc.Tests.Bandwidth.Simulation;
using Xunit.Abstractions;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class ConvergenceTests(ITestOutputHelper output)
{
    private const double HighCapacity = 2_500_000;
    private const double LowCapacity = 1_000_000;

    [Fact]
    public void Ramps_up_to_link_capacity_without_overshooting()
    {
        var simulation = CreateSimulation(HighCapacity);

        simulation.Run(30);

        double? reached = SimulationSummary.FirstTime(simulation.Samples, 0, s => s.EstimateBitsPerSecond >= 2_000_000);
        var lastTenSeconds = SimulationSummary.Window(simulation.Samples, 20, 30);
        output.WriteLine($"ramp-up 300 kbit/s -> 2.5 Mbit/s link: reached 2.0 Mbit/s at {reached:F1} s");
        output.WriteLine($"  last 10 s: {SimulationSummary.Describe(lastTenSeconds)}");
        output.WriteLine($"  queue drops {simulation.Link.QueueDrops}");

        Assert.NotNull(reached);
        Assert.True(reached <= 15, $"reached 2 Mbit/s only at {reached} s");
        double average = lastTenSeconds.Average(s => s.EstimateBitsPerSecond);
        Assert.InRange(average, 0.7 * HighCapacity, 1.15 * HighCapacity);
        Assert.True(lastTenSeconds.Average(s => s.QueueDelayMs) < 40, "queue delay not bounded");
    }

    [Fact]
    public void Follows_a_capacity_drop_within_two_seconds()
    {
        var simulation = CreateSimulation(HighCapacity);
        simulation.Run(30);

        simulation.Link.CapacityBitsPerSecond = LowCapacity;
        simulation.Run(30);

        double? reached = SimulationSummary.FirstTime(simulation.Samples, 30, s => s.EstimateBitsPerSecond <= 1_100_000);
        var settled = SimulationSummary.Window(simulation.Samples, 50, 60);
        output.WriteLine($"capacity drop 2.5 -> 1.0 Mbit/s at 30 s: estimate <= 1.1 Mbit/s after {reached - 30:F1} s");
        output.WriteLine($"  seconds 20-30 after the drop: {SimulationSummary.Describe(settled)}");

        Assert.NotNull(reached);
        Assert.True(reached - 30 <= 2, $"took {reached - 30} s to follow the drop");
        Assert.InRange(settled.Average(s => s.EstimateBitsPerSecond), 0.7 * LowCapacity, 1.1 * LowCapacity);

        // A full drop-tail queue hides from the delay gradient; make sure it was drained, not parked.
        Assert.True(settled.Average(s => s.QueueDelayMs) < 40, "standing queue after the drop");
    }

    [Fact]
    public void Recovers_when_capacity_returns()
    {
        var simulation = CreateSimulation(HighCapacity);
        simulation.Run(30);
        simulation.Link.CapacityBitsPerSecond = LowCapacity;
        simulation.Run(30);

        simulation.Link.CapacityBitsPerSecond = HighCapacity;
        simulation.Run(30);

        double? reached = SimulationSummary.FirstTime(simulation.Samples, 60, s => s.EstimateBitsPerSecond >= 1_800_000);
        var settled = SimulationSummary.Window(simulation.Samples, 80, 90);
        output.WriteLine($"capacity back 1.0 -> 2.5 Mbit/s at 60 s: estimate >= 1.8 Mbit/s after {reached - 60:F1} s");
        output.WriteLine($"  seconds 20-30 after the rise: {SimulationSummary.Describe(settled)}");

        Assert.NotNull(reached);
        Assert.True(reached - 60 <= 20, $"took {reached - 60} s to recover");
    }

    [Fact]
    public void Does_not_park_in_a_full_buffer_at_high_rates()
    {
        // At 15 Mbit/s the additive creep over-sends by too little for the delay gradient to see,
        // so the buffer fills slowly and then stays full unless loss at a high delay floor backs it off.
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 300_000 });
        var simulation = new LinkSimulation(estimator, new BottleneckLink(15_000_000, seed: 11));

        simulation.Run(120);

        var lastMinute = SimulationSummary.Window(simulation.Samples, 60, 120);
        output.WriteLine($"15 Mbit/s link, seconds 60-120: {SimulationSummary.Describe(lastMinute)}, queue drops {simulation.Link.QueueDrops}");
        Assert.True(lastMinute.Average(s => s.QueueDelayMs) < 25, "buffer left standing full");
        Assert.InRange(lastMinute.Average(s => s.EstimateBitsPerSecond), 0.8 * 15_000_000, 1.05 * 15_000_000);
    }

    private static LinkSimulation CreateSimulation(double capacity)
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitsPerSecond = 300_000 });
        // Starting just below 65535 makes every run cross the 16-bit sequence wrap.
        return new LinkSimulation(estimator, new BottleneckLink(capacity, seed: 1)) { FirstSequence = 65_000 };
    }
}

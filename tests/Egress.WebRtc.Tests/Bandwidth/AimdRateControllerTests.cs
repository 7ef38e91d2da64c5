using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class AimdRateControllerTests
{
    private static AimdRateController Create(double initial = 1_000_000) => new(initial, 50_000, 20_000_000);

    [Fact]
    public void Start_up_ramps_multiplicatively_at_the_start_up_rate()
    {
        var controller = Create();
        controller.Update(BandwidthUsage.Normal, 1_000_000, null, 0);

        controller.Update(BandwidthUsage.Normal, 1_000_000, null, 1000);

        Assert.Equal(1_000_000 * (1 + AimdRateController.StartupIncreasePerSecond), controller.BitsPerSecond, 3);
        Assert.Equal(RateControlState.Increase, controller.State);
    }

    [Fact]
    public void Overuse_decreases_to_beta_times_acknowledged_rate_then_holds()
    {
        var controller = Create();
        controller.Update(BandwidthUsage.Normal, null, null, 0);

        controller.Update(BandwidthUsage.Overusing, 900_000, null, 50);

        Assert.Equal(0.85 * 900_000, controller.BitsPerSecond, 3);
        Assert.Equal(RateControlState.Hold, controller.State);
        Assert.True(controller.HasSeenCongestion);
    }

    [Fact]
    public void Far_from_the_congestion_point_increase_is_eight_percent_per_second()
    {
        var controller = Create();
        controller.Update(BandwidthUsage.Overusing, 1_000_000, null, 0);

        // Throughput far above the remembered congestion point: the link evidently grew.
        controller.Update(BandwidthUsage.Normal, 2_000_000, null, 1000);

        Assert.False(controller.IsNearCongestionPoint);
        Assert.Equal(850_000 * 1.08, controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Near_the_congestion_point_increase_is_about_one_packet_per_response_time()
    {
        var controller = Create();
        controller.RoundTripTimeMs = 100;
        controller.Update(BandwidthUsage.Overusing, 1_000_000, null, 0);

        controller.Update(BandwidthUsage.Normal, 900_000, null, 1000);

        Assert.True(controller.IsNearCongestionPoint);
        Assert.Equal(850_000 + (1200 * 8 / 0.2), controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Overuse_cuts_from_the_most_recent_throughput_when_known()
    {
        var controller = Create(initial: 2_500_000);

        // The full window still remembers 2.4 Mbit/s; the bottleneck now delivers 1 Mbit/s.
        controller.Update(BandwidthUsage.Overusing, 2_400_000, 1_000_000, 0);

        Assert.Equal(850_000, controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Does_not_increase_without_a_throughput_measurement()
    {
        var controller = Create();
        controller.Update(BandwidthUsage.Normal, null, null, 0);

        controller.Update(BandwidthUsage.Normal, null, null, 1000);

        Assert.Equal(1_000_000, controller.BitsPerSecond);
    }

    [Fact]
    public void Underuse_holds_the_rate()
    {
        var controller = Create();
        controller.Update(BandwidthUsage.Normal, null, null, 0);

        controller.Update(BandwidthUsage.Underusing, 900_000, null, 1000);

        Assert.Equal(1_000_000, controller.BitsPerSecond);
        Assert.Equal(RateControlState.Hold, controller.State);
    }

    [Fact]
    public void Increase_stops_at_one_and_a_half_times_throughput_plus_margin()
    {
        var controller = Create(initial: 250_000);
        controller.Update(BandwidthUsage.Normal, 200_000, null, 0);

        controller.Update(BandwidthUsage.Normal, 200_000, null, 1000);
        controller.Update(BandwidthUsage.Normal, 200_000, null, 2000);

        Assert.Equal(310_000, controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Rate_already_above_the_throughput_limit_is_held_not_cut()
    {
        var controller = Create(initial: 1_000_000);
        controller.Update(BandwidthUsage.Normal, 200_000, null, 0);

        controller.Update(BandwidthUsage.Normal, 200_000, null, 1000);

        Assert.Equal(1_000_000, controller.BitsPerSecond);
    }

    [Fact]
    public void Repeated_overuse_cuts_again_only_after_a_round_trip()
    {
        var controller = Create();
        controller.RoundTripTimeMs = 150;
        controller.Update(BandwidthUsage.Overusing, 1_000_000, null, 0);

        controller.Update(BandwidthUsage.Overusing, 800_000, null, 100);
        Assert.Equal(850_000, controller.BitsPerSecond, 3);

        controller.Update(BandwidthUsage.Overusing, 800_000, null, 150);
        Assert.Equal(680_000, controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Throughput_far_below_the_rate_cuts_again_immediately()
    {
        var controller = Create();
        controller.Update(BandwidthUsage.Overusing, 1_000_000, null, 0);

        controller.Update(BandwidthUsage.Overusing, 300_000, null, 20);

        Assert.Equal(255_000, controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Overuse_never_raises_the_rate()
    {
        var controller = Create();

        controller.Update(BandwidthUsage.Overusing, 5_000_000, null, 0);

        Assert.Equal(1_000_000, controller.BitsPerSecond);
    }

    [Fact]
    public void Rate_stays_within_bounds()
    {
        var controller = Create(initial: 60_000);
        controller.Update(BandwidthUsage.Overusing, 10_000, null, 0);
        Assert.Equal(50_000, controller.BitsPerSecond);

        var fast = Create(initial: 19_000_000);
        fast.Update(BandwidthUsage.Normal, 19_000_000, null, 0);
        fast.Update(BandwidthUsage.Normal, 19_000_000, null, 1000);
        Assert.Equal(20_000_000, fast.BitsPerSecond);
    }
}

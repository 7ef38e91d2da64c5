using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class LossBasedControllerTests
{
    private static LossBasedController Create() => new(1_000_000, 50_000, 20_000_000) { RoundTripTimeMs = 100 };

    [Fact]
    public void Low_loss_follows_the_delay_based_estimate()
    {
        var controller = Create();

        controller.Update(0.01, true, 3_000_000, 0);

        Assert.Equal(3_000_000, controller.BitsPerSecond);
        Assert.False(controller.IsLimiting);
    }

    [Fact]
    public void High_loss_cuts_by_half_the_loss_fraction()
    {
        var controller = Create();

        controller.Update(0.2, true, 1_000_000, 0);

        Assert.Equal(900_000, controller.BitsPerSecond, 3);
        Assert.True(controller.IsLimiting);
    }

    [Fact]
    public void Cuts_from_the_rate_in_use_when_delay_based_is_lower()
    {
        var controller = Create();

        controller.Update(0.2, true, 400_000, 0);

        Assert.Equal(360_000, controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Cuts_at_most_once_per_300_ms_plus_rtt_and_only_on_fresh_loss()
    {
        var controller = Create();
        controller.Update(0.2, true, 1_000_000, 0);

        controller.Update(0.2, true, 1_000_000, 350);
        Assert.Equal(900_000, controller.BitsPerSecond, 3);

        controller.Update(0.2, false, 1_000_000, 400);
        Assert.Equal(900_000, controller.BitsPerSecond, 3);

        controller.Update(0.2, true, 1_000_000, 400);
        Assert.Equal(810_000, controller.BitsPerSecond, 3);
    }

    [Fact]
    public void Moderate_loss_holds()
    {
        var controller = Create();
        controller.Update(0.01, true, 1_000_000, 0);

        controller.Update(0.05, true, 2_000_000, 1000);
        controller.Update(0.05, true, 2_000_000, 2000);

        Assert.Equal(1_000_000, controller.BitsPerSecond);
        Assert.True(controller.IsLimiting);
    }

    [Fact]
    public void After_a_cut_low_loss_recovers_at_five_percent_per_second_until_it_reaches_delay_based()
    {
        var controller = Create();
        controller.Update(0.2, true, 1_000_000, 0);

        controller.Update(0, true, 2_000_000, 1000);
        Assert.Equal(900_000 * 1.05, controller.BitsPerSecond, 3);
        Assert.True(controller.IsLimiting);

        controller.Update(0, true, 950_000, 2000);
        Assert.Equal(950_000, controller.BitsPerSecond);
        Assert.False(controller.IsLimiting);
    }

    [Fact]
    public void Never_leaves_its_bounds()
    {
        var controller = Create();
        for (int i = 0; i < 200; i++)
        {
            controller.Update(1.0, true, 1_000_000, i * 1000);
        }

        Assert.Equal(50_000, controller.BitsPerSecond);
    }

    [Fact]
    public void Does_not_cut_again_for_loss_caused_before_a_delay_based_cut()
    {
        var controller = Create();
        controller.Update(0, true, 2_000_000, 0);

        controller.Update(0.05, true, 1_000_000, 100);
        controller.Update(0.4, true, 1_000_000, 300);
        Assert.Equal(1_000_000, controller.BitsPerSecond);

        controller.Update(0.4, true, 1_000_000, 500);
        Assert.Equal(800_000, controller.BitsPerSecond, 3);
    }
}

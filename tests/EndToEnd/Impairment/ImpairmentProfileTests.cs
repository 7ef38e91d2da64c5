using EndToEnd.Infrastructure;

namespace EndToEnd.Impairment;

public sealed class ImpairmentProfileTests
{
    [Fact]
    public void NoneChangesNothing()
    {
        var none = ImpairmentProfile.None;

        Assert.Equal(0, none.LossRate);
        Assert.Equal(TimeSpan.Zero, none.Delay);
        Assert.Equal(TimeSpan.Zero, none.Jitter);
        Assert.Equal(0, none.RateLimitBitsPerSecond);
        Assert.Equal(64 * 1024, none.QueueLimitBytes);
        Assert.True(none.MediaOnly);
        Assert.False(none.AllowReordering);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void RejectsLossRateOutsideZeroToOne(double lossRate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImpairmentProfile { LossRate = lossRate });

    [Fact]
    public void RejectsNegativeOrZeroSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImpairmentProfile { Delay = TimeSpan.FromMilliseconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImpairmentProfile { Jitter = TimeSpan.FromMilliseconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImpairmentProfile { RateLimitBitsPerSecond = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImpairmentProfile { QueueLimitBytes = 0 });
    }
}

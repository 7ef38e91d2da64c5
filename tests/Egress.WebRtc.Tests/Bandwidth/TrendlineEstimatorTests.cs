using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class TrendlineEstimatorTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void Slope_matches_the_delay_change_per_ms_of_arrival_time(double extraDelayPerGroupMs)
    {
        var trendline = new TrendlineEstimator();
        const double sendDelta = 10;
        double arrivalDelta = sendDelta + extraDelayPerGroupMs;
        double arrival = 0;
        for (int i = 0; i < 200; i++)
        {
            arrival += arrivalDelta;
            trendline.Update(new GroupDelta(sendDelta, arrivalDelta, arrival));
        }

        Assert.Equal(extraDelayPerGroupMs / arrivalDelta, trendline.Slope, 3);
        Assert.Equal(60 * 4 * trendline.Slope, trendline.ModifiedTrend, 9);
    }

    [Fact]
    public void Stays_flat_until_the_window_is_full()
    {
        var trendline = new TrendlineEstimator();
        for (int i = 1; i < TrendlineEstimator.WindowSize; i++)
        {
            trendline.Update(new GroupDelta(10, 15, i * 15));
            Assert.Equal(0, trendline.Slope);
        }

        trendline.Update(new GroupDelta(10, 15, TrendlineEstimator.WindowSize * 15));

        Assert.True(trendline.Slope > 0);
    }

    [Fact]
    public void Early_trend_is_weighted_by_the_number_of_deltas()
    {
        var trendline = new TrendlineEstimator();
        for (int i = 1; i <= TrendlineEstimator.WindowSize; i++)
        {
            trendline.Update(new GroupDelta(10, 15, i * 15));
        }

        Assert.Equal(TrendlineEstimator.WindowSize * 4 * trendline.Slope, trendline.ModifiedTrend, 9);
    }

    [Fact]
    public void Reset_forgets_the_trend()
    {
        var trendline = new TrendlineEstimator();
        for (int i = 1; i <= 40; i++)
        {
            trendline.Update(new GroupDelta(10, 15, i * 15));
        }

        trendline.Reset();

        Assert.Equal(0, trendline.Slope);
        Assert.Equal(0, trendline.ModifiedTrend);
    }
}

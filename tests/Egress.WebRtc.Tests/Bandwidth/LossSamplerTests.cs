using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class LossSamplerTests
{
    [Fact]
    public void Waits_for_enough_packets_before_reporting_a_fraction()
    {
        var sampler = new LossSampler();
        sampler.AddLost();
        for (int i = 1; i < LossSampler.MinPacketsPerSample - 1; i++)
        {
            sampler.AddReceived();
        }

        Assert.False(sampler.TryCompleteSample());
        Assert.Equal(0, sampler.LossFraction);

        sampler.AddLost();

        Assert.True(sampler.TryCompleteSample());
        Assert.Equal(2.0 / LossSampler.MinPacketsPerSample, sampler.LossFraction, 9);
        Assert.False(sampler.TryCompleteSample());
    }
}

using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class ReceiverEstimateCapTests
{
    [Fact]
    public void Caps_only_while_recent()
    {
        var cap = new ReceiverEstimateCap();
        Assert.False(cap.TryGetCap(0, out _));

        cap.Update(700_000, 1000);

        Assert.True(cap.TryGetCap(1000 + ReceiverEstimateCap.ValidityMs, out double value));
        Assert.Equal(700_000, value);
        Assert.False(cap.TryGetCap(1001 + ReceiverEstimateCap.ValidityMs, out _));
    }
}

using Egress.WebRtc.Bandwidth;
using Xunit.Abstractions;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class FootprintTests(ITestOutputHelper output)
{
    [Fact]
    public void One_estimator_stays_under_16_KB()
    {
        var options = new BandwidthEstimatorOptions();
        GC.KeepAlive(new SendSideBandwidthEstimator(options));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var estimator = new SendSideBandwidthEstimator(options);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(estimator);

        output.WriteLine($"bytes allocated per estimator: {bytes}");
        Assert.InRange(bytes, 1, 16 * 1024);
    }
}

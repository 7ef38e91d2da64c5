using Egress.WebRtc.Bandwidth;
using Egress.WebRtc.Tests.Bandwidth.Simulation;
using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class AllocationTests
{
    private const int Calls = 10_000;
    private const int PacketsPerFeedback = 50;

    [Fact]
    public void Hot_path_calls_allocate_nothing()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        var feedback = new PacketResult[PacketsPerFeedback];
        long nowUs = 0;
        ushort sequence = 65_000;

        // Warm up so JIT tiering and static initialization are out of the measurement.
        Drive(estimator, feedback, ref sequence, ref nowUs, Calls);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Drive(estimator, feedback, ref sequence, ref nowUs, Calls);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(estimator.FeedbackReports >= 2 * Calls / PacketsPerFeedback);
    }

    private static void Drive(SendSideBandwidthEstimator estimator, PacketResult[] feedback, ref ushort sequence, ref long nowUs, int calls)
    {
        // 1200-byte packets every 4 ms (2.4 Mbit/s), 30 ms one-way, feedback every 50 packets with one loss.
        for (int i = 0; i < calls; i++)
        {
            estimator.OnPacketSent(sequence, 1200, VirtualClock.ToTimestamp(nowUs));
            int slot = i % PacketsPerFeedback;
            feedback[slot] = new PacketResult(sequence, slot != 7, slot != 7 ? nowUs + 30_000 + (i % 3 * 100) : 0);
            if (slot == PacketsPerFeedback - 1)
            {
                estimator.OnTransportFeedback(feedback, VirtualClock.ToTimestamp(nowUs + 60_000));
            }

            sequence++;
            nowUs += 4_000;
        }
    }
}

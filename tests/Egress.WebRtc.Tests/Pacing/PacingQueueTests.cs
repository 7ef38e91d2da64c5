using Egress.WebRtc.Pacing;
using Egress.WebRtc.Peers;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;

namespace Egress.WebRtc.Tests.Pacing;

public sealed class PacingQueueTests
{
    private static readonly OutgoingMedia Video = new("0", 102, 0, 0, 0) { Paced = true };

    [Fact]
    public void KeepsOrderAcrossGrowthAndWrapAndCountsBytes()
    {
        var pool = new RtpPacketPool();
        var queue = new PacingQueue();
        ushort next = 0;
        ushort expected = 0;
        for (int round = 0; round < 5; round++)
        {
            // Fill past the initial capacity, then drain part of it so the ring's head wraps.
            for (int i = 0; i < 40; i++)
            {
                var packet = pool.Rent();
                packet.WriteHeader(96, false, next, 0, 1);
                packet.Length = 100;
                queue.Enqueue(new PacedPacket(packet, new RtpRewrite(1, next, 0, 102), Video, 0));
                next++;
            }

            for (int i = 0; i < 30; i++)
            {
                var packet = queue.Dequeue();
                Assert.Equal(expected++, packet.Source.SequenceNumber);
                packet.Source.Release();
            }

            Assert.Equal(queue.Count * 100L, queue.Bytes);
        }

        Assert.Equal(50, queue.Count);
        queue.Clear();
        Assert.Equal((0, 0L), (queue.Count, queue.Bytes));
    }

    [Fact]
    public void ClearReleasesTheQueuedReferences()
    {
        var pool = new RtpPacketPool();
        var packet = pool.Rent();
        packet.Length = 20;
        var queue = new PacingQueue();
        queue.Enqueue(new PacedPacket(packet.Retain(), default, Video, 0));
        queue.Clear();

        // Only the test's own reference was left: releasing it works once, a second time is an error.
        packet.Release();
        Assert.Throws<InvalidOperationException>(() => packet.Release());
    }

    [Fact]
    public void BudgetRefillsAtItsRateUpToAFewMilliseconds()
    {
        long second = System.Diagnostics.Stopwatch.Frequency;
        var budget = new PacingBudget { BytesPerSecond = 1_000_000 };
        Assert.True(budget.IsAvailable(10 * second));

        // 20 ms of 1 MB/s is 20,000 bytes: a 21,000-byte burst leaves a debt of 1000 bytes, repaid in 1 ms.
        budget.Spend(21_000);
        Assert.False(budget.IsAvailable(10 * second));
        Assert.InRange(budget.Wait.TotalMilliseconds, 0.99, 1.01);
        Assert.True(budget.IsAvailable((10 * second) + (second / 500)));

        // Idle time does not bank more than the burst window.
        Assert.True(budget.IsAvailable(20 * second));
        budget.Spend(20_001);
        Assert.False(budget.IsAvailable(20 * second));
    }
}

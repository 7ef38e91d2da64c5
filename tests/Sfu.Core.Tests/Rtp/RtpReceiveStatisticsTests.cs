using System.Diagnostics;
using CsCheck;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public sealed class RtpReceiveStatisticsTests
{
    private static readonly long T0 = Stopwatch.Frequency * 10;

    private static long Ms(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);

    private static RtpReceiveStatistics Feed(params int[] sequences)
    {
        var stats = new RtpReceiveStatistics(0xABC, 90_000);
        for (int i = 0; i < sequences.Length; i++)
        {
            stats.OnPacket((ushort)sequences[i], (uint)(3000 * i), T0 + Ms(33 * i));
        }

        return stats;
    }

    [Fact]
    public void InOrderPacketsLoseNothing()
    {
        var stats = Feed([.. Enumerable.Range(100, 50)]);
        Assert.Equal(50, stats.PacketsReceived);
        Assert.Equal(0, stats.CumulativeLost);
        Assert.Equal(149u, stats.ExtendedHighestSequence);
        var block = stats.CreateReportBlock(T0);
        Assert.Equal((0xABCu, (byte)0, 0, 149u), (block.Ssrc, block.FractionLost, block.CumulativeLost, block.ExtendedHighestSequence));
    }

    [Fact]
    public void FractionLostCoversTheIntervalSinceThePreviousBlock()
    {
        var stats = new RtpReceiveStatistics(1, 90_000);
        for (int s = 0; s < 100; s++)
        {
            if (s % 10 != 5)
            {
                stats.OnPacket((ushort)s, 0, T0);
            }
        }

        var first = stats.CreateReportBlock(T0);
        Assert.Equal(10, first.CumulativeLost);
        Assert.Equal(25, first.FractionLost); // 10 of 100 → 25.6/256

        for (int s = 100; s < 200; s++)
        {
            stats.OnPacket((ushort)s, 0, T0);
        }

        var second = stats.CreateReportBlock(T0);
        Assert.Equal((10, (byte)0), (second.CumulativeLost, second.FractionLost));
        Assert.Equal(0, stats.CreateReportBlock(T0).FractionLost);
    }

    [Fact]
    public void WrapCountsACycle()
    {
        var stats = Feed(65533, 65534, 65535, 0, 2);
        Assert.Equal(65536u + 2, stats.ExtendedHighestSequence);
        Assert.Equal(1, stats.CumulativeLost);
        Assert.Equal(5, stats.PacketsReceived);
    }

    [Fact]
    public void ReorderingIsNotLossAndDuplicatesAreNotReceipts()
    {
        var stats = Feed(1, 2, 4, 3, 5, 5, 3);
        Assert.Equal(5, stats.PacketsReceived);
        Assert.Equal(2, stats.Duplicates);
        Assert.Equal(0, stats.CumulativeLost);
        Assert.Equal(5u, stats.ExtendedHighestSequence);
    }

    [Fact]
    public void ReorderingAcrossTheWrapAndBeforeTheFirstPacket()
    {
        var stats = Feed(1, 65535, 0, 2);
        Assert.Equal(4, stats.PacketsReceived);
        Assert.Equal(0, stats.CumulativeLost);
        Assert.Equal(2u, stats.ExtendedHighestSequence);
    }

    [Fact]
    public void ALoneJumpIsIgnored()
    {
        var stats = Feed(1, 2, 3, 30_000, 4, 5);
        Assert.Equal(5, stats.PacketsReceived);
        Assert.Equal(0, stats.CumulativeLost);
        Assert.Equal(5u, stats.ExtendedHighestSequence);
        Assert.Equal(0, stats.Restarts);
    }

    [Fact]
    public void TwoSequentialPacketsAfterAJumpRestartTheSource()
    {
        var stats = Feed(1, 2, 3, 30_000, 30_001, 30_002);
        Assert.Equal(1, stats.Restarts);
        Assert.Equal(6, stats.PacketsReceived);
        Assert.Equal(0, stats.CumulativeLost);
        Assert.Equal(30_002u, stats.ExtendedHighestSequence);
    }

    [Fact]
    public void ARestartBackwardsKeepsTheExtendedNumberRising()
    {
        var stats = Feed(40_000, 40_001, 40_003, 5, 6, 8);
        Assert.Equal(1, stats.Restarts);
        Assert.Equal(65536u + 8, stats.ExtendedHighestSequence);
        Assert.Equal(2, stats.CumulativeLost); // 40002 before, 7 after
        Assert.Equal(6, stats.PacketsReceived);
    }

    [Fact]
    public void CumulativeLossIsClampedInTheBlockButNotInTheCounter()
    {
        var stats = new RtpReceiveStatistics(1, 90_000);
        ushort s = 0;
        for (int i = 0; i < 3000; i++)
        {
            stats.OnPacket(s, 0, T0);
            s += 2999;
        }

        Assert.Equal(2999 * 2998L, stats.CumulativeLost);
        var block = stats.CreateReportBlock(T0);
        Assert.Equal(0x7FFFFF, block.CumulativeLost);
        Assert.Equal(255, block.FractionLost);
    }

    [Fact]
    public void JitterFollowsRfc3550()
    {
        // 8 kHz audio every 20 ms; odd packets 5 ms late: |D| = 5 ms = 40 units on every packet.
        var stats = new RtpReceiveStatistics(1, 8000);
        for (int i = 0; i < 400; i++)
        {
            stats.OnPacket((ushort)i, (uint)(160 * i), T0 + Ms((20 * i) + (i % 2 * 5)));
        }

        Assert.InRange(stats.JitterSeconds, 0.0049, 0.0051);
        Assert.InRange(stats.CreateReportBlock(T0).Jitter, 39u, 40u);
    }

    [Fact]
    public void SteadyPacketsHaveNoJitterAndALatePacketAddsNone()
    {
        var stats = new RtpReceiveStatistics(1, 90_000);
        for (int i = 0; i < 100; i++)
        {
            if (i != 50)
            {
                stats.OnPacket((ushort)i, (uint)(3000 * i), T0 + Ms(100.0 * i / 3));
            }

            if (i == 60)
            {
                // Packet 50 comes ten frames late (as a retransmission would) with its old timestamp.
                stats.OnPacket(50, 3000 * 50, T0 + Ms(100.0 * i / 3));
            }
        }

        Assert.Equal(100, stats.PacketsReceived);
        Assert.True(stats.JitterSeconds < 0.0005, $"{stats.JitterSeconds}");
    }

    [Fact]
    public void LastSenderReportAndDelaySinceIt()
    {
        var stats = Feed(1, 2);
        Assert.Equal((0u, 0u), (stats.CreateReportBlock(T0).LastSenderReport, stats.CreateReportBlock(T0).DelaySinceLastSenderReport));

        ulong ntp = 0xE1A2B3C4_D5E6F708;
        stats.OnSenderReport(ntp, T0);
        var block = stats.CreateReportBlock(T0 + Ms(500));
        Assert.Equal(0xB3C4D5E6u, block.LastSenderReport);
        Assert.InRange(block.DelaySinceLastSenderReport, 32767u, 32769u);

        // The report's own round trip math recovers the delay.
        ulong later = ntp + (ulong)(0.650 * 4294967296.0);
        var rtt = NtpTime.RoundTrip(later, block.LastSenderReport, block.DelaySinceLastSenderReport);
        Assert.InRange(rtt!.Value.TotalMilliseconds, 149, 151);
    }

    [Fact]
    public void OnPacketDoesNotAllocate()
    {
        var stats = new RtpReceiveStatistics(1, 90_000);
        for (int i = 0; i < 2000; i++)
        {
            stats.OnPacket((ushort)(i * 3), (uint)i, T0 + i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            ushort s = (ushort)(i % 7 == 3 ? i - 2 : i);
            stats.OnPacket(s, (uint)(i * 3000), T0 + Ms(i));
            if (i % 1000 == 0)
            {
                stats.CreateReportBlock(T0 + Ms(i));
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void RandomLossReorderingAndDuplicatesAreCountedExactly()
    {
        // Sorted picks at most 10 apart, neighbours swapped, some repeated: every late packet is within the window.
        var gen = Gen.Select(Gen.UShort, Gen.Int[1, 10].Array[1, 3000], Gen.Int.Array[0, 3000], Gen.Int[0, 30].Array[0, 100]);
        gen.Sample((origin, gaps, swaps, repeats) =>
        {
            var offsets = new List<int> { 0 };
            foreach (int gap in gaps)
            {
                offsets.Add(offsets[^1] + gap);
            }

            var order = offsets.ToArray();
            foreach (int swap in swaps)
            {
                int i = (int)((uint)swap % order.Length);
                if (i > 0)
                {
                    (order[i - 1], order[i]) = (order[i], order[i - 1]);
                }
            }

            var arrivals = order.ToList();
            foreach (int r in repeats)
            {
                int at = Math.Min(arrivals.Count, (int)((uint)r * 7919 % (arrivals.Count + 1)));
                arrivals.Insert(at, arrivals[Math.Max(0, at - 1 - (r % 3))]);
            }

            var stats = new RtpReceiveStatistics(1, 90_000);
            foreach (int o in arrivals)
            {
                stats.OnPacket((ushort)(origin + o), 0, T0);
            }

            int min = offsets.Min(), max = offsets.Max();
            Assert.Equal(offsets.Count, stats.PacketsReceived);
            Assert.Equal(max - min + 1 - offsets.Count, stats.CumulativeLost);
            Assert.Equal(arrivals.Count - offsets.Count, stats.Duplicates);

            // Cycles count from the first packet received, which may come after the wrap.
            Assert.Equal((uint)((ushort)(origin + arrivals[0]) + max - arrivals[0]), stats.ExtendedHighestSequence);
        }, iter: 300);
    }
}

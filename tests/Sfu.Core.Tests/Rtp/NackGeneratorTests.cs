using System.Diagnostics;
using CsCheck;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public sealed class NackGeneratorTests
{
    private static readonly long T0 = Stopwatch.Frequency * 10;
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(50);

    private static long Ms(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);

    private static ushort[] Due(NackGenerator nack, long now, TimeSpan? rtt = null, int room = 1024)
    {
        var destination = new ushort[room];
        int n = nack.CollectDue(now, rtt ?? Rtt, destination);
        return destination[..n];
    }

    private static NackGenerator Fed(long at, params int[] sequences)
    {
        var nack = new NackGenerator(null);
        foreach (int s in sequences)
        {
            nack.OnPacket((ushort)s, at);
        }

        return nack;
    }

    [Fact]
    public void NoGapNoNack()
    {
        var nack = Fed(T0, 1, 2, 3, 4, 5);
        Assert.Empty(Due(nack, T0 + Ms(500)));
        Assert.Equal(0, nack.MissingCount);
        Assert.False(nack.KeyframeNeeded);
    }

    [Fact]
    public void FirstNackWaitsOutReorderingThenRepeatsEachRoundTrip()
    {
        var nack = Fed(T0, 1, 2, 5);
        Assert.Equal(2, nack.MissingCount);
        Assert.Empty(Due(nack, T0 + Ms(5)));
        Assert.Equal([3, 4], Due(nack, T0 + Ms(15)));
        Assert.Empty(Due(nack, T0 + Ms(40)));
        Assert.Equal([3, 4], Due(nack, T0 + Ms(65)));
        Assert.Equal(4, nack.Requested);
    }

    [Fact]
    public void ReorderedPacketFillsTheGapBeforeAnyNack()
    {
        var nack = Fed(T0, 1, 3);
        nack.OnPacket(2, T0 + Ms(2));
        Assert.Empty(Due(nack, T0 + Ms(100)));
        Assert.Equal((1L, 0L, 0L), (nack.Reordered, nack.Recovered, nack.Requested));
    }

    [Fact]
    public void RetransmissionCountsAsRecovered()
    {
        var nack = Fed(T0, 1, 2, 5);
        Assert.Equal([3, 4], Due(nack, T0 + Ms(20)));
        nack.OnPacket(3, T0 + Ms(60));
        nack.OnPacket(3, T0 + Ms(61));
        Assert.Equal(1, nack.Recovered);
        Assert.Equal([4], Due(nack, T0 + Ms(80)));
        Assert.Equal(1, nack.MissingCount);
    }

    [Fact]
    public void GapsAcrossTheWrapComeOutInOrder()
    {
        var nack = Fed(T0, 65533, 65534, 1);
        Assert.Equal([65535, 0], Due(nack, T0 + Ms(20)));
    }

    [Fact]
    public void GivesUpAfterMaxRetriesAndAsksForAKeyframe()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { MaxRetries = 3, MaxAge = TimeSpan.FromSeconds(10) });
        nack.OnPacket(1, T0);
        nack.OnPacket(3, T0);
        int sent = 0;
        for (int ms = 0; ms < 1000; ms += 5)
        {
            sent += Due(nack, T0 + Ms(ms)).Length;
        }

        Assert.Equal(3, sent);
        Assert.Equal((3L, 1L, 0), (nack.Requested, nack.GaveUp, nack.MissingCount));
        Assert.True(nack.KeyframeNeeded);
        nack.KeyframeNeeded = false;

        // A retransmission that comes after all is harmless.
        nack.OnPacket(2, T0 + Ms(1000));
        Assert.Equal(0, nack.Recovered);
        Assert.False(nack.KeyframeNeeded);
    }

    [Fact]
    public void GivesUpWhenTooOld()
    {
        var nack = Fed(T0, 1, 3);
        Assert.Equal([2], Due(nack, T0 + Ms(20)));
        Assert.Empty(Due(nack, T0 + Ms(1001), TimeSpan.FromSeconds(5)));
        Assert.Equal(1, nack.GaveUp);
        Assert.True(nack.KeyframeNeeded);
    }

    [Fact]
    public void RoundTripUnknownUsesTheDefaultAndATinyOneIsFloored()
    {
        var nack = Fed(T0, 1, 3);
        Assert.Equal([2], Due(nack, T0 + Ms(20), TimeSpan.Zero));
        Assert.Empty(Due(nack, T0 + Ms(110), TimeSpan.Zero));
        Assert.Equal([2], Due(nack, T0 + Ms(120), TimeSpan.Zero));
        Assert.Empty(Due(nack, T0 + Ms(125), TimeSpan.FromMilliseconds(1)));
        Assert.Equal([2], Due(nack, T0 + Ms(130), TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void AJumpBeyondMaxMissingClearsTheListAndAsksForAKeyframe()
    {
        var nack = Fed(T0, 1, 3);
        nack.OnPacket(3 + 514, T0);
        Assert.Equal(0, nack.MissingCount);
        Assert.Equal(1, nack.GaveUp);
        Assert.True(nack.KeyframeNeeded);
        Assert.Empty(Due(nack, T0 + Ms(100)));

        // A gap of exactly MaxMissing is still tracked.
        nack = Fed(T0, 1, 1 + 513);
        Assert.Equal(512, nack.MissingCount);
        Assert.False(nack.KeyframeNeeded);
    }

    [Fact]
    public void AFullListGivesUpTheOldest()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { MaxMissing = 8 });
        foreach (int s in new[] { 1, 7, 10 })
        {
            nack.OnPacket((ushort)s, T0);
        }

        Assert.Equal(7, nack.MissingCount);
        nack.OnPacket(8, T0);
        Assert.False(nack.KeyframeNeeded);
        nack.OnPacket(14, T0);
        Assert.Equal((8, 1L), (nack.MissingCount, nack.GaveUp));
        Assert.True(nack.KeyframeNeeded);
        Assert.Equal([3, 4, 5, 6, 9, 11, 12, 13], Due(nack, T0 + Ms(20)));
    }

    [Fact]
    public void WhatDoesNotFitStaysDue()
    {
        var nack = Fed(T0, 1, 10);
        Assert.Equal([2, 3, 4], Due(nack, T0 + Ms(20), room: 3));
        Assert.Equal([5, 6, 7, 8, 9], Due(nack, T0 + Ms(21)));
        Assert.Equal(8, nack.Requested);
    }

    [Fact]
    public void AStrayOldPacketIsIgnoredButARestartIsFollowed()
    {
        var nack = Fed(T0, 30_000, 30_002);
        nack.OnPacket(10, T0);
        Assert.Equal(1, nack.MissingCount);
        nack.OnPacket(30_003, T0);
        Assert.Equal([30_001], Due(nack, T0 + Ms(20)));

        nack.OnPacket(100, T0 + Ms(30));
        nack.OnPacket(101, T0 + Ms(30));
        Assert.Equal((0, 1L), (nack.MissingCount, nack.GaveUp));
        nack.OnPacket(103, T0 + Ms(30));
        Assert.Equal([102], Due(nack, T0 + Ms(50)));
    }

    [Fact]
    public void ARetransmissionFarBehindIsStillRecognised()
    {
        // At 10 000 packets/s a gap can be 9 000 numbers old within MaxAge; consecutive repairs are not a restart.
        var nack = Fed(T0, 1, 4);
        Assert.Equal([2, 3], Due(nack, T0 + Ms(20)));
        for (int s = 5; s < 9_005; s++)
        {
            nack.OnPacket((ushort)s, T0 + Ms(20));
        }

        nack.OnPacket(2, T0 + Ms(900));
        nack.OnPacket(3, T0 + Ms(900));
        Assert.Equal((2L, 0, 0L), (nack.Recovered, nack.MissingCount, nack.GaveUp));
        nack.OnPacket(9_006, T0 + Ms(901));
        Assert.Equal(1, nack.MissingCount);
    }

    [Fact]
    public void DueNumbersMakeAGenericNackThatReadsBack()
    {
        var nack = Fed(T0, 65500, 65520, 4, 40);
        var due = new ushort[256];
        int n = nack.CollectDue(T0 + Ms(20), Rtt, due);
        var buffer = new byte[1200];
        int length = RtcpWriter.WriteGenericNack(buffer, 1, 2, due.AsSpan(0, n));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.MoveNext());
        var read = new ushort[256];
        Assert.Equal(due[..n], read[..reader.ReadNackedSequences(read)]);
        Assert.Equal(19 + 19 + 35, n);
    }

    [Fact]
    public void HotPathsDoNotAllocate()
    {
        var nack = new NackGenerator(null);
        Span<ushort> due = stackalloc ushort[64];
        long now = T0;
        ushort s = 0;
        void Run(NackGenerator generator, Span<ushort> destination, int packets)
        {
            for (int i = 0; i < packets; i++)
            {
                now += Ms(1);
                s += (ushort)(i % 50 == 0 ? 3 : 1);
                generator.OnPacket(s, now);
                if (i % 50 == 30)
                {
                    // One of the two skipped at the jump arrives 30 ms later, after its first NACK.
                    generator.OnPacket((ushort)(s - 31), now);
                }

                if (i % 5 == 0)
                {
                    generator.CollectDue(now, Rtt, destination);
                }
            }
        }

        Run(nack, due, 5000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(nack, due, 100_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(nack.Recovered > 0 && nack.Requested > 0);
    }

    [Fact]
    public void RandomArrivalsAreNackedOnlyWhileMissing()
    {
        // Random loss with in-window reordering: every NACKed number is one not received at that moment, every loss
        // older than the reorder wait was NACKed, and reordering alone never was.
        var gen = Gen.Select(Gen.UShort, Gen.Int[0, 99].Array[50, 1500], Gen.Int[0, 9]);
        gen.Sample((origin, rolls, lossPercent) =>
        {
            var nack = new NackGenerator(null);
            var received = new HashSet<ushort>();
            var nacked = new HashSet<ushort>();
            var reordered = new HashSet<ushort>();
            var due = new ushort[1024];
            long now = T0;
            int highest = 0;
            ushort? held = null;
            for (int i = 0; i < rolls.Length; i++)
            {
                now += Ms(1);
                ushort s = (ushort)(origin + i);
                if (i > 0 && rolls[i] < lossPercent)
                {
                    continue;
                }

                if (rolls[i] >= 95 && held is null && i > 0)
                {
                    // Hold this one back and deliver it after the next.
                    held = s;
                    continue;
                }

                nack.OnPacket(s, now);
                received.Add(s);
                highest = i;
                if (held is { } h)
                {
                    nack.OnPacket(h, now);
                    received.Add(h);
                    reordered.Add(h);
                    held = null;
                }

                int n = nack.CollectDue(now, Rtt, due);
                foreach (ushort d in due.AsSpan(0, n))
                {
                    Assert.DoesNotContain(d, received);
                    nacked.Add(d);
                }
            }

            for (int i = 0; i <= highest; i++)
            {
                ushort s = (ushort)(origin + i);
                if (!received.Contains(s) && s != held)
                {
                    // Loss older than the reorder wait has been asked for.
                    if (highest - i > 20)
                    {
                        Assert.Contains(s, nacked);
                    }
                }
            }

            // A packet held back one position arrives within the reorder wait: never NACKed.
            Assert.Empty(reordered.Intersect(nacked));
            Assert.Equal(reordered.Count, nack.Reordered);
        }, iter: 300);
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using CsCheck;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Rtcp;

public sealed class TransportFeedbackRecorderTests
{
    private static readonly long T0 = Stopwatch.Frequency * 10;

    private static long Us(long microseconds) => (long)((Int128)microseconds * Stopwatch.Frequency / 1_000_000);

    private static long ToUs(long ticks) => (long)((Int128)ticks * 1_000_000 / Stopwatch.Frequency);

    private sealed record Feedback(uint Sender, uint Media, byte Count, int ReferenceTime, PacketResult[] Results);

    private static Feedback Parse(ReadOnlySpan<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        Assert.True(reader.MoveNext());
        Assert.Equal((RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCc), (reader.Type, reader.CountOrFormat));
        Assert.Equal(packet.Length, (BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) + 1) * 4);
        var fb = reader.Packet;
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
        Assert.True(TransportFeedbackReader.TryParse(fb[12..], out var tcc, out string? error), error);
        var results = new PacketResult[tcc.PacketStatusCount];
        Assert.Equal(results.Length, tcc.ReadResults(results));
        return new Feedback(
            BinaryPrimitives.ReadUInt32BigEndian(fb[4..]),
            reader.FeedbackMediaSsrc,
            tcc.FeedbackPacketCount,
            tcc.ReferenceTime,
            results);
    }

    private static Feedback? Build(TransportFeedbackRecorder recorder, int size = 1500)
    {
        var buffer = new byte[size];
        int n = recorder.BuildFeedback(buffer, 0x1111, 0x2222, T0);
        Assert.True(n <= size);
        return n == 0 ? null : Parse(buffer.AsSpan(0, n));
    }

    private static void AssertArrival(long expectedTicks, PacketResult result) =>
        Assert.InRange(result.ArrivalMicroseconds - ToUs(expectedTicks), -250, 250);

    [Fact]
    public void InOrderArrivalsAreReportedOnce()
    {
        var recorder = new TransportFeedbackRecorder();
        Assert.Null(Build(recorder));
        for (int i = 0; i < 10; i++)
        {
            recorder.OnPacket((ushort)(100 + i), T0 + Us(1_300 * i));
        }

        Assert.Equal(10, recorder.PendingCount);
        var feedback = Build(recorder)!;
        Assert.Equal((0x1111u, 0x2222u, (byte)0), (feedback.Sender, feedback.Media, feedback.Count));
        Assert.Equal(10, feedback.Results.Length);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(((ushort)(100 + i), true), (feedback.Results[i].SequenceNumber, feedback.Results[i].Received));
            AssertArrival(T0 + Us(1_300 * i), feedback.Results[i]);
        }

        Assert.Equal(0, recorder.PendingCount);
        Assert.Null(Build(recorder));
        recorder.OnPacket(110, T0 + Us(20_000));
        feedback = Build(recorder)!;
        Assert.Equal((byte)1, feedback.Count);
        Assert.Equal(110, Assert.Single(feedback.Results).SequenceNumber);
        Assert.Equal(2, recorder.FeedbackPackets);
    }

    [Fact]
    public void LossAndReorderingAcrossTheWrap()
    {
        var recorder = new TransportFeedbackRecorder();
        (int Sequence, long At)[] arrivals =
        [
            (65530, 0), (65531, 1_000), (65532, 2_000), (65534, 4_000), (0, 5_000), (65535, 5_100), (1, 6_000), (3, 8_000),
        ];
        foreach (var (s, at) in arrivals)
        {
            recorder.OnPacket((ushort)s, T0 + Us(at));
        }

        var feedback = Build(recorder)!;
        Assert.Equal(
            [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3],
            feedback.Results.Select(r => (int)r.SequenceNumber));
        Assert.Equal(
            [true, true, true, false, true, true, true, true, false, true],
            feedback.Results.Select(r => r.Received));
        foreach (var (s, at) in arrivals)
        {
            AssertArrival(T0 + Us(at), feedback.Results.Single(r => r.SequenceNumber == s));
        }
    }

    [Fact]
    public void APacketReportedLostIsReportedAgainWhenItArrives()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.OnPacket(10, T0);
        recorder.OnPacket(12, T0 + Us(2_000));
        var first = Build(recorder)!;
        Assert.Equal([true, false, true], first.Results.Select(r => r.Received));

        recorder.OnPacket(11, T0 + Us(60_000));
        recorder.OnPacket(13, T0 + Us(61_000));
        var second = Build(recorder)!;
        Assert.Equal([11, 12, 13], second.Results.Select(r => (int)r.SequenceNumber));
        Assert.All(second.Results, r => Assert.True(r.Received));
        AssertArrival(T0 + Us(60_000), second.Results[0]);
        AssertArrival(T0 + Us(2_000), second.Results[1]);
        AssertArrival(T0 + Us(61_000), second.Results[2]);
    }

    [Fact]
    public void DuplicatesAndPacketsOlderThanTheWindowAreIgnored()
    {
        var recorder = new TransportFeedbackRecorder();
        for (int i = 0; i < 2000; i++)
        {
            recorder.OnPacket((ushort)i, T0 + Us(100 * i));
        }

        recorder.OnPacket(1999, T0);
        recorder.OnPacket(1500, T0);
        recorder.OnPacket(100, T0);
        Assert.Equal((2000L, 2L, 1L), (recorder.PacketsRecorded, recorder.Duplicates, recorder.TooOld));

        // Only the window is reported: the older numbers are beyond what can still matter.
        Assert.Equal(TransportFeedbackRecorder.WindowSize, recorder.PendingCount);
        var feedback = Build(recorder, 4000)!;
        Assert.Equal(TransportFeedbackRecorder.WindowSize, feedback.Results.Length);
        Assert.Equal(2000 - TransportFeedbackRecorder.WindowSize, feedback.Results[0].SequenceNumber);
        AssertArrival(T0 + Us(100 * 1999), feedback.Results[^1]);
    }

    [Fact]
    public void ArrivalGapsBeyondADeltaAreSplit()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.OnPacket(1, T0);
        recorder.OnPacket(2, T0 + Us(1_000));
        recorder.OnPacket(4, T0 + Us(9_000_000));
        recorder.OnPacket(5, T0 + Us(9_001_000));
        recorder.OnPacket(3, T0 + Us(9_002_000));

        var first = Build(recorder)!;
        Assert.Equal([1, 2], first.Results.Select(r => (int)r.SequenceNumber));
        Assert.Equal(3, recorder.PendingCount);
        var second = Build(recorder)!;
        Assert.Equal([3, 4, 5], second.Results.Select(r => (int)r.SequenceNumber));
        AssertArrival(T0 + Us(9_002_000), second.Results[0]);
        AssertArrival(T0 + Us(9_000_000), second.Results[1]);
        Assert.Equal((byte)1, second.Count);
        Assert.Null(Build(recorder));
    }

    [Fact]
    public void ALostRunBeforeALongGapIsNotLeftAtTheEnd()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.OnPacket(1, T0);
        recorder.OnPacket(5, T0 + Us(10_000_000));
        var first = Build(recorder)!;
        Assert.Equal([1], first.Results.Select(r => (int)r.SequenceNumber));
        var second = Build(recorder)!;
        Assert.Equal([2, 3, 4, 5], second.Results.Select(r => (int)r.SequenceNumber));
        Assert.Equal([false, false, false, true], second.Results.Select(r => r.Received));
    }

    [Fact]
    public void ASmallDestinationSplitsAndLosesNothing()
    {
        var recorder = new TransportFeedbackRecorder();
        var random = new Random(7);
        var expected = new Dictionary<ushort, long>();
        long at = T0;
        for (int i = 0; i < 900; i++)
        {
            // Large deltas (> 64 ms) need two bytes each: the worst case for size.
            at += Us(random.Next(60_000, 70_000));
            if (random.Next(10) > 0)
            {
                recorder.OnPacket((ushort)(65000 + i), at);
                expected[(ushort)(65000 + i)] = at;
            }
        }

        var seen = new List<PacketResult>();
        byte count = 0;
        while (Build(recorder, 100) is { } feedback)
        {
            Assert.Equal(count++, feedback.Count);
            seen.AddRange(feedback.Results);
        }

        Assert.True(count > 10);
        Assert.Equal(Enumerable.Range(0, 900).Select(i => (ushort)(65000 + i)).SkipWhile(s => !expected.ContainsKey(s)), seen.Select(r => r.SequenceNumber));
        foreach (var result in seen)
        {
            Assert.Equal(expected.ContainsKey(result.SequenceNumber), result.Received);
            if (result.Received)
            {
                AssertArrival(expected[result.SequenceNumber], result);
            }
        }
    }

    [Fact]
    public void DestinationBelowTheMinimumIsRejected()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.OnPacket(1, T0);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.BuildFeedback(new byte[TransportFeedbackRecorder.MinimumDestinationLength - 1], 1, 2, T0));
        Assert.Equal(24, recorder.BuildFeedback(new byte[TransportFeedbackRecorder.MinimumDestinationLength], 1, 2, T0));
    }

    [Fact]
    public void ReferenceTimeWrapsAfterTwentyFourBitsLikeLibwebrtc()
    {
        // 20 days of uptime: 27 000 reference units past 2^24, sent as the low 24 bits.
        long start = Us(20L * 86_400 * 1_000_000);
        var recorder = new TransportFeedbackRecorder();
        for (int i = 0; i < 5; i++)
        {
            recorder.OnPacket((ushort)i, start + Us(10_000 * i));
        }

        var feedback = Build(recorder)!;
        long reference = ToUs(start) / 64_000;
        Assert.Equal(reference & 0xFFFFFF, feedback.ReferenceTime & 0xFFFFFF);
        for (int i = 1; i < 5; i++)
        {
            long delta = feedback.Results[i].ArrivalMicroseconds - feedback.Results[0].ArrivalMicroseconds;
            Assert.InRange(delta, (10_000 * i) - 250, (10_000 * i) + 250);
        }
    }

    [Fact]
    public void ARestartedNumberingIsFollowed()
    {
        var recorder = new TransportFeedbackRecorder();
        for (int i = 0; i < 5000; i++)
        {
            recorder.OnPacket((ushort)(20_000 + i), T0 + Us(i));
        }

        Build(recorder, 4000);
        recorder.OnPacket(5, T0 + Us(10_000));
        recorder.OnPacket(6, T0 + Us(10_100));
        recorder.OnPacket(7, T0 + Us(10_200));
        var feedback = Build(recorder)!;
        Assert.Equal([5, 6, 7], feedback.Results.Select(r => (int)r.SequenceNumber));
        AssertArrival(T0 + Us(10_000), feedback.Results[0]);
    }

    [Fact]
    public void HotPathsDoNotAllocate()
    {
        var recorder = new TransportFeedbackRecorder();
        Span<byte> buffer = stackalloc byte[1200];
        long now = T0;
        ushort s = 0;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50_000; i++)
            {
                now += Us(700);
                s += (ushort)(i % 37 == 0 ? 2 : 1);
                recorder.OnPacket(s, now);
                if (i % 41 == 0)
                {
                    recorder.OnPacket((ushort)(s - 3), now);
                }

                if (i % 100 == 0)
                {
                    recorder.BuildFeedback(buffer, 1, 2, now);
                }
            }

            if (round == 1)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
    }

    [Fact]
    public void RandomArrivalPatternsAreReportedFaithfully()
    {
        // Per packet: lost?, swapped with the next?, duplicated?, gap to the next arrival (µs, sometimes > 8 s);
        // feedback is built at random points into random-sized buffers. The last status reported for each number
        // must be the truth, with the arrival time within a 250 µs tick.
        var step = Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[0, 99]);
        var gen = Gen.Select(Gen.UShort, step.Array[1, 700], Gen.Int[0, 30], Gen.Int[24, 400]);
        gen.Sample((origin, steps, lossPercent, size) =>
        {
            var order = new List<int>();
            for (int i = 0; i < steps.Length; i++)
            {
                if (steps[i].Item1 >= lossPercent)
                {
                    order.Add(i);
                }
            }

            for (int i = 0; i + 1 < order.Count; i++)
            {
                if (steps[order[i]].Item2 < 10)
                {
                    (order[i], order[i + 1]) = (order[i + 1], order[i]);
                    i++;
                }
            }

            var recorder = new TransportFeedbackRecorder();
            var arrivedAt = new Dictionary<ushort, long>();
            var lastReport = new Dictionary<ushort, PacketResult>();
            var buffer = new byte[size];
            byte expectedCount = 0;
            long now = T0;

            void Drain(bool all)
            {
                do
                {
                    int n = recorder.BuildFeedback(buffer, 1, 2, now);
                    if (n == 0)
                    {
                        return;
                    }

                    var feedback = Parse(buffer.AsSpan(0, n));
                    Assert.Equal(expectedCount++, feedback.Count);
                    foreach (var r in feedback.Results)
                    {
                        lastReport[r.SequenceNumber] = r;
                        Assert.True(!r.Received || arrivedAt.ContainsKey(r.SequenceNumber));
                    }
                }
                while (all);
            }

            foreach (int i in order)
            {
                var (_, _, dup, gap) = steps[i];
                now += gap < 2 ? Us(9_000_000) : Us(gap * 97);
                ushort s = (ushort)(origin + i);
                recorder.OnPacket(s, now);
                arrivedAt.TryAdd(s, now);
                if (dup < 5)
                {
                    recorder.OnPacket(s, now + Us(50));
                }

                if (gap % 13 == 0)
                {
                    Drain(all: false);
                }
            }

            Drain(all: true);
            Assert.Equal(0, recorder.PendingCount);
            Assert.Equal(arrivedAt.Count, recorder.PacketsRecorded);
            foreach (var (s, at) in arrivedAt)
            {
                Assert.True(lastReport.TryGetValue(s, out var r), $"{s} never reported");
                Assert.True(r.Received, $"{s} last reported lost");
                AssertArrival(at, r);
            }

            foreach (var (s, r) in lastReport)
            {
                Assert.Equal(arrivedAt.ContainsKey(s), r.Received);
            }
        }, iter: 300);
    }
}

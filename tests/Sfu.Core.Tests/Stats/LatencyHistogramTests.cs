using System.Diagnostics;
using CsCheck;
using Sfu.Core.Stats;

namespace Sfu.Core.Tests.Stats;

public sealed class LatencyHistogramTests
{
    private static readonly long[] Bounds = LatencyHistogram.UpperBoundsMicroseconds;

    // Uniform values over 0..3 s would almost all land in the top few buckets, so mix in small magnitudes and the
    // exact bucket edges (and one past them), where an off-by-one in the bucketing or the interpolation would show.
    private static readonly Gen<long> DurationGen = Gen.Frequency(
        (3, Gen.Long[0, 3_000_000]),
        (3, from exponent in Gen.Int[0, 22] from value in Gen.Long[0, Math.Min(3_000_000, 1L << exponent)] select value),
        (2, from index in Gen.Int[0, Bounds.Length - 1] from offset in Gen.Long[-1, 1] select Bounds[index] + offset));

    private static readonly Gen<double> QuantileGen = Gen.Frequency(
        (4, Gen.Double[0, 1]),
        (1, Gen.OneOf(Gen.Const(0.0), Gen.Const(0.5), Gen.Const(0.9), Gen.Const(0.99), Gen.Const(1.0))));

    [Fact]
    public void SnapshotMatchesTheRecordedDurations()
    {
        Gen.Select(DurationGen.Array[1, 300], QuantileGen.Array[1, 20]).Sample(
            (durations, quantiles) =>
            {
                var histogram = new LatencyHistogram();
                foreach (long duration in durations)
                {
                    histogram.Record(duration);
                }

                var snapshot = histogram.Snapshot();
                long[] sorted = [.. durations.Order()];
                Assert.Equal(durations.Length, snapshot.Count);
                Assert.Equal(sorted[^1], snapshot.MaxMicroseconds);

                // The top quantile is interpolated to its bucket's upper edge, then capped at the maximum, which
                // always lies in that bucket: so it is exactly the maximum.
                Assert.Equal(sorted[^1], snapshot.PercentileMicroseconds(1.0));

                double previous = double.NegativeInfinity;
                foreach (double quantile in quantiles.Order())
                {
                    double reported = snapshot.PercentileMicroseconds(quantile);
                    Assert.True(reported >= previous, $"p({quantile}) = {reported} fell below {previous}");
                    Assert.True(reported <= snapshot.MaxMicroseconds, $"p({quantile}) = {reported} above the max");

                    // Nearest rank, computed from the same double product the snapshot uses: the k-th smallest value.
                    int rank = (int)Math.Max(1, Math.Ceiling(quantile * durations.Length));
                    long truth = sorted[rank - 1];
                    var (lower, upper) = BucketRange(BucketOf(truth), snapshot.MaxMicroseconds);
                    Assert.True(
                        reported >= lower && reported <= upper,
                        $"p({quantile}) = {reported}, but the true value {truth} lies in bucket [{lower}, {upper}]");
                    previous = reported;
                }
            },
            iter: 500);
    }

    [Fact]
    public void EmptySnapshotReportsZero()
    {
        var snapshot = new LatencyHistogram().Snapshot();

        Assert.Equal(0, snapshot.Count);
        Assert.Equal(0, snapshot.MaxMicroseconds);
        Assert.Equal(0, snapshot.PercentileMicroseconds(0.5));
        Assert.Equal(0, snapshot.PercentileMicroseconds(1.0));
    }

    [Fact]
    public void PercentilesInterpolateInsideTheBucket()
    {
        // Four samples in (500, 750] and nothing else: quantiles walk linearly from 500 up to the max.
        var histogram = new LatencyHistogram();
        foreach (long duration in new long[] { 600, 600, 700, 740 })
        {
            histogram.Record(duration);
        }

        var snapshot = histogram.Snapshot();
        Assert.Equal(500, snapshot.PercentileMicroseconds(0));
        Assert.Equal(625, snapshot.PercentileMicroseconds(0.5));
        Assert.Equal(687.5, snapshot.PercentileMicroseconds(0.75));
        Assert.Equal(740, snapshot.PercentileMicroseconds(1));
    }

    [Fact]
    public void SnapshotWithOthersMergesCountsAndMax()
    {
        var first = new LatencyHistogram();
        first.Record(10);
        first.Record(100);
        var second = new LatencyHistogram();
        second.Record(5_000);
        var third = new LatencyHistogram();
        third.Record(2_500_000);

        var merged = first.Snapshot(second, third);

        Assert.Equal(4, merged.Count);
        Assert.Equal(2_500_000, merged.MaxMicroseconds);
        // Rank 2 of 4 is the 100 µs sample at the top of the (50, 100] bucket.
        Assert.Equal(100, merged.PercentileMicroseconds(0.5));
        // Rank 3 of 4 is the 5 ms sample at the top of the (3000, 5000] bucket.
        Assert.Equal(5_000, merged.PercentileMicroseconds(0.75));
        Assert.Equal(2_500_000, merged.PercentileMicroseconds(1));

        // Merging reads the others; it must not move their samples into the first histogram.
        Assert.Equal(2, first.Snapshot().Count);
        Assert.Equal(100, first.Snapshot().MaxMicroseconds);
    }

    [Fact]
    public void SnapshotTakesTheMaxFromOthersWhenItselfIsEmpty()
    {
        var empty = new LatencyHistogram();
        var other = new LatencyHistogram();
        other.Record(42);

        var merged = empty.Snapshot(other);

        Assert.Equal(1, merged.Count);
        Assert.Equal(42, merged.MaxMicroseconds);
    }

    [Fact]
    public void RecordTicksConvertsStopwatchTicksToMicroseconds()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordTicks(Stopwatch.Frequency / 1000);

        var snapshot = histogram.Snapshot();
        Assert.Equal(1, snapshot.Count);
        Assert.Equal(1000, snapshot.MaxMicroseconds);
        // The one sample sits in (750, 1000]: the lowest quantile reports the lower edge, the middle the midpoint.
        Assert.Equal(750, snapshot.PercentileMicroseconds(0));
        Assert.Equal(875, snapshot.PercentileMicroseconds(0.5));
        Assert.Equal(1000, snapshot.PercentileMicroseconds(1));
    }

    [Fact]
    public void RecordTicksOfOneSecondLandsInTheOneSecondBucket()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordTicks(Stopwatch.Frequency);

        var snapshot = histogram.Snapshot();
        Assert.Equal(1_000_000, snapshot.MaxMicroseconds);
        Assert.Equal(750_000, snapshot.PercentileMicroseconds(0));
    }

    [Fact]
    public void NegativeTicksCountAsZero()
    {
        var histogram = new LatencyHistogram();
        histogram.RecordTicks(-Stopwatch.Frequency);
        histogram.RecordTicks(Stopwatch.Frequency / 1000);

        var snapshot = histogram.Snapshot();
        Assert.Equal(2, snapshot.Count);
        // A negative duration must not become the max, nor wrap into a huge value.
        Assert.Equal(1000, snapshot.MaxMicroseconds);
        // The median is rank 1 of 2, the negative sample: it fills the [0, 25] bucket, so it reports that bucket's top.
        Assert.Equal(25, snapshot.PercentileMicroseconds(0.5));
        Assert.Equal(0, snapshot.PercentileMicroseconds(0));
    }

    [Fact]
    public void ConcurrentRecordingLosesNoCounts()
    {
        const int Threads = 4;
        const int PerThread = 100_000;
        var histogram = new LatencyHistogram();
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                // Every thread spreads over the same few buckets, so the increments really contend.
                histogram.Record((i % 8) * 100 + t);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var snapshot = histogram.Snapshot();
        Assert.Equal(Threads * PerThread, histogram.Count);
        Assert.Equal(Threads * PerThread, snapshot.Count);
        Assert.Equal(703, snapshot.MaxMicroseconds);
    }

    private static int BucketOf(long microseconds)
    {
        for (int i = 0; i < Bounds.Length; i++)
        {
            if (microseconds <= Bounds[i])
            {
                return i;
            }
        }

        return Bounds.Length;
    }

    [Fact]
    public void HoursLongDurationsDoNotOverflowIntoTheFastestBucket()
    {
        // ticks × 10^6 wraps a long after about 2.5 hours of a 1 GHz stopwatch; such a stale arrival must count as slow.
        var histogram = new LatencyHistogram();
        histogram.RecordTicks(System.Diagnostics.Stopwatch.Frequency * 10_000);
        var snapshot = histogram.Snapshot();
        Assert.Equal(10_000_000_000, snapshot.MaxMicroseconds, tolerance: 1_000);
        Assert.Equal(snapshot.MaxMicroseconds, snapshot.PercentileMicroseconds(1), tolerance: 1);
        Assert.True(snapshot.PercentileMicroseconds(0.5) > Bounds[^1], "the sample landed below the open-ended last bucket");
    }

    // The last bucket is open-ended; its only meaningful upper edge is the recorded maximum.
    private static (double Lower, double Upper) BucketRange(int bucket, long max) =>
        (bucket == 0 ? 0 : Bounds[bucket - 1], bucket < Bounds.Length ? Bounds[bucket] : max);
}

using System.Diagnostics;

namespace Sfu.Core.Stats;

/// <summary>
/// Counts durations into fixed buckets from 25 µs to 2 s, lock-free, so the forwarding path can record every packet
/// and the control plane can read percentiles at any time.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Bucket upper bounds in microseconds; one more bucket holds everything above the last.</summary>
    public static readonly long[] UpperBoundsMicroseconds =
    [
        25, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000,
        50_000, 75_000, 100_000, 150_000, 200_000, 300_000, 500_000, 750_000, 1_000_000, 2_000_000,
    ];

    private readonly long[] _counts = new long[UpperBoundsMicroseconds.Length + 1];
    private long _maxMicroseconds;

    /// <summary>Durations recorded.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>Records a duration given in <see cref="Stopwatch"/> ticks (negative values count as zero).</summary>
    public void RecordTicks(long stopwatchTicks)
    {
        // In double: ticks × 10^6 overflows a long after about 2.5 hours at a 1 GHz stopwatch.
        long microseconds = stopwatchTicks <= 0 ? 0 : (long)(stopwatchTicks * (1_000_000.0 / Stopwatch.Frequency));
        Record(microseconds);
    }

    /// <summary>Records a duration in microseconds.</summary>
    public void Record(long microseconds)
    {
        // The maximum first: percentiles are capped at it, so a reader must never see the count without it.
        long max = Volatile.Read(ref _maxMicroseconds);
        while (microseconds > max)
        {
            long seen = Interlocked.CompareExchange(ref _maxMicroseconds, microseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        Interlocked.Increment(ref _counts[BucketOf(microseconds)]);
    }

    /// <summary>Copies the counts, adding those of <paramref name="others"/> (a stream's several tracks).</summary>
    public LatencySnapshot Snapshot(params LatencyHistogram[] others)
    {
        var counts = new long[_counts.Length];
        long max = Volatile.Read(ref _maxMicroseconds);
        foreach (var histogram in others.Prepend(this))
        {
            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] += Volatile.Read(ref histogram._counts[i]);
            }

            max = Math.Max(max, Volatile.Read(ref histogram._maxMicroseconds));
        }

        return new LatencySnapshot(counts, max);
    }

    private static int BucketOf(long microseconds)
    {
        var bounds = UpperBoundsMicroseconds;
        int low = 0;
        int high = bounds.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (microseconds <= bounds[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}

namespace Sfu.Core.Stats;

/// <summary>Bucket counts of a <see cref="LatencyHistogram"/> at one moment, with percentiles.</summary>
public sealed class LatencySnapshot
{
    private readonly long[] _counts;

    internal LatencySnapshot(long[] counts, long maxMicroseconds)
    {
        _counts = counts;
        MaxMicroseconds = maxMicroseconds;
        foreach (long count in counts)
        {
            Count += count;
        }
    }

    /// <summary>Durations counted.</summary>
    public long Count { get; }

    /// <summary>The longest duration recorded.</summary>
    public long MaxMicroseconds { get; }

    /// <summary>
    /// The duration below which <paramref name="quantile"/> of the samples fall, interpolated linearly inside its
    /// bucket and never above the recorded maximum; 0 without samples.
    /// </summary>
    public double PercentileMicroseconds(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        double rank = Math.Clamp(quantile, 0, 1) * Count;
        long below = 0;
        var bounds = LatencyHistogram.UpperBoundsMicroseconds;
        for (int i = 0; i < _counts.Length; i++)
        {
            long inBucket = _counts[i];
            if (inBucket > 0 && below + inBucket >= rank)
            {
                double lower = i == 0 ? 0 : bounds[i - 1];
                double upper = i < bounds.Length ? bounds[i] : Math.Max(lower, MaxMicroseconds);
                double within = (rank - below) / inBucket;
                return Math.Min(lower + ((upper - lower) * within), MaxMicroseconds);
            }

            below += inBucket;
        }

        return MaxMicroseconds;
    }
}

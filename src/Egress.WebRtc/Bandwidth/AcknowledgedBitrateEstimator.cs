namespace Egress.WebRtc.Bandwidth;

/// <summary>Throughput the receiver actually got: bytes of acknowledged packets over a window of arrival time.</summary>
/// <remarks>
/// Measured on the receiver's clock so it shows what the bottleneck delivered, not what the
/// pacer pushed; fixed buckets keep it O(1) and allocation-free.
/// </remarks>
internal sealed class AcknowledgedBitrateEstimator
{
    /// <summary>Width of one bucket of arrival time.</summary>
    public const long BucketMicroseconds = 50_000;

    /// <summary>Number of buckets; with the bucket width this gives a 500 ms window.</summary>
    public const int BucketCount = 10;

    /// <summary>Buckets making up the short, responsive window.</summary>
    public const int RecentBucketCount = 4;

    // Shorter spans give wildly wrong rates from a handful of packets.
    private const long MinSpanMicroseconds = 100_000;

    // Arrival times this far out of line are a receiver clock reset, not real traffic.
    private const long ClockJumpMicroseconds = 5_000_000;

    private readonly long[] _bucketBytes = new long[BucketCount];
    private readonly long[] _bucketLatestArrivalUs = new long[BucketCount];
    private long _newestBucket;
    private long _latestArrivalUs;

    // The span starts at the last arrival before the window, so N packets are divided by the
    // N inter-arrival gaps they took, not by a window edge that falls mid-gap (a ~½ packet bias
    // at low rates), and idle time before the window still counts against the rate.
    private long _spanStartUs;
    private bool _hasData;

    /// <summary>Adds a packet the receiver reported as received.</summary>
    public void Add(long arrivalMicroseconds, int sizeBytes)
    {
        if (_hasData && IsClockJump(arrivalMicroseconds))
        {
            _hasData = false;
        }

        long bucket = FloorDivide(arrivalMicroseconds, BucketMicroseconds);
        if (!_hasData)
        {
            // The first packet only marks where the span starts; its bytes crossed the link before it.
            Array.Clear(_bucketBytes);
            Array.Clear(_bucketLatestArrivalUs);
            _newestBucket = bucket;
            _spanStartUs = arrivalMicroseconds;
            _latestArrivalUs = arrivalMicroseconds;
            _hasData = true;
            return;
        }

        if (bucket > _newestBucket)
        {
            SlideTo(bucket);
        }
        else if (bucket <= _newestBucket - BucketCount || arrivalMicroseconds <= _spanStartUs)
        {
            return;
        }

        int slot = SlotOf(bucket);
        _bucketBytes[slot] += sizeBytes;
        _bucketLatestArrivalUs[slot] = Math.Max(_bucketLatestArrivalUs[slot], arrivalMicroseconds);
        _latestArrivalUs = Math.Max(_latestArrivalUs, arrivalMicroseconds);
    }

    /// <summary>Throughput over the whole window in bit/s, or null until enough arrival time has been observed.</summary>
    public double? BitsPerSecond => RateOverNewestBuckets(BucketCount);

    /// <summary>Throughput over the newest ~200 ms in bit/s, or null while that covers too little time.</summary>
    /// <remarks>
    /// When the path is saturated this is what the bottleneck delivers right now; the full window
    /// still mixes in arrivals from before a capacity drop and would overstate it.
    /// </remarks>
    public double? RecentBitsPerSecond => RateOverNewestBuckets(RecentBucketCount);

    private double? RateOverNewestBuckets(int bucketCount)
    {
        if (!_hasData)
        {
            return null;
        }

        long bytes = 0;
        long spanStartUs = _spanStartUs;
        for (int age = 0; age < BucketCount; age++)
        {
            int slot = SlotOf(_newestBucket - age);
            if (age < bucketCount)
            {
                bytes += _bucketBytes[slot];
            }
            else if (_bucketBytes[slot] > 0)
            {
                spanStartUs = Math.Max(spanStartUs, _bucketLatestArrivalUs[slot]);
                break;
            }
        }

        long spanUs = _latestArrivalUs - spanStartUs;
        return spanUs < MinSpanMicroseconds ? null : bytes * 8.0 * 1_000_000 / spanUs;
    }

    private void SlideTo(long bucket)
    {
        long evicted = Math.Min(bucket - _newestBucket, BucketCount);
        for (long i = 1; i <= evicted; i++)
        {
            int slot = SlotOf(_newestBucket + i);
            if (_bucketBytes[slot] > 0)
            {
                _spanStartUs = Math.Max(_spanStartUs, _bucketLatestArrivalUs[slot]);
            }

            _bucketBytes[slot] = 0;
            _bucketLatestArrivalUs[slot] = 0;
        }

        _newestBucket = bucket;
    }

    private static long FloorDivide(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static int SlotOf(long bucket) => (int)(((bucket % BucketCount) + BucketCount) % BucketCount);

    private bool IsClockJump(long arrivalMicroseconds)
    {
        long distance = arrivalMicroseconds - _latestArrivalUs;
        return distance > ClockJumpMicroseconds || distance < -ClockJumpMicroseconds;
    }
}

namespace Egress.WebRtc.Bandwidth;

/// <summary>Estimates standing queueing delay: how far the least-delayed packet of a feedback sits above the path's base delay.</summary>
/// <remarks>
/// The delay gradient cannot see a queue that filled slowly and now stays full (delay is flat);
/// the absolute level can. Only differences of one-way delay are used, so the unknown offset
/// between sender and receiver clocks cancels out.
/// </remarks>
internal sealed class QueueDelayTracker
{
    /// <summary>The base delay is the minimum over this many one-second buckets of send time.</summary>
    public const int WindowSeconds = 10;

    // One-way delay cannot change by this much between consecutive packets: a receiver clock jump.
    private const double ClockJumpMs = 1000;

    private readonly double[] _bucketMinimumMs = new double[WindowSeconds];
    private long _newestBucket;
    private bool _hasBase;
    private double _previousDelayMs = double.NaN;
    private double _feedbackMinimumMs = double.PositiveInfinity;

    /// <summary>Queueing delay of the least-delayed packet in the current feedback, in ms; 0 when unknown.</summary>
    public double StandingQueueMs =>
        _hasBase && double.IsFinite(_feedbackMinimumMs) ? Math.Max(0, _feedbackMinimumMs - BaseDelayMs) : 0;

    private double BaseDelayMs
    {
        get
        {
            double minimum = double.PositiveInfinity;
            foreach (double bucketMinimum in _bucketMinimumMs)
            {
                minimum = Math.Min(minimum, bucketMinimum);
            }

            return minimum;
        }
    }

    /// <summary>Starts a new feedback packet.</summary>
    public void BeginFeedback() => _feedbackMinimumMs = double.PositiveInfinity;

    /// <summary>Adds a received packet.</summary>
    public void Add(double sendMs, double arrivalMs)
    {
        double delayMs = arrivalMs - sendMs;
        if (!double.IsNaN(_previousDelayMs) && Math.Abs(delayMs - _previousDelayMs) > ClockJumpMs)
        {
            Reset();
        }

        _previousDelayMs = delayMs;
        _feedbackMinimumMs = Math.Min(_feedbackMinimumMs, delayMs);

        long bucket = (long)Math.Floor(sendMs / 1000);
        if (!_hasBase || bucket > _newestBucket)
        {
            StartBuckets(bucket);
        }
        else if (bucket <= _newestBucket - WindowSeconds)
        {
            return;
        }

        int slot = SlotOf(bucket);
        _bucketMinimumMs[slot] = Math.Min(_bucketMinimumMs[slot], delayMs);
    }

    /// <summary>Forgets the base delay, e.g. after a receiver clock jump.</summary>
    public void Reset()
    {
        _hasBase = false;
        _previousDelayMs = double.NaN;
        _feedbackMinimumMs = double.PositiveInfinity;
    }

    private void StartBuckets(long bucket)
    {
        long fresh = _hasBase ? Math.Min(bucket - _newestBucket, WindowSeconds) : WindowSeconds;
        for (long i = 0; i < fresh; i++)
        {
            _bucketMinimumMs[SlotOf(bucket - i)] = double.PositiveInfinity;
        }

        _newestBucket = bucket;
        _hasBase = true;
    }

    private static int SlotOf(long bucket) => (int)(((bucket % WindowSeconds) + WindowSeconds) % WindowSeconds);
}

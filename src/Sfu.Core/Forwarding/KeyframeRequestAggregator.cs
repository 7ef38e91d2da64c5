using System.Diagnostics;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Turns many viewers' keyframe requests for one track into few requests to its source: while one is outstanding
/// (no keyframe arrived since) further requests are absorbed; if the keyframe does not come within
/// <see cref="RetryInterval"/>, the next request goes through again; and none goes sooner than
/// <see cref="MinInterval"/> after the previous one, even when its keyframe came at once. Any thread.
/// </summary>
/// <remarks>
/// A hundred viewers behind one lossy uplink all send PLI within a few milliseconds; forwarding each would make the
/// encoder spend its bitrate on keyframes and make loss worse for everyone.
/// </remarks>
public sealed class KeyframeRequestAggregator
{
    private readonly long _retryTicks;
    private readonly long _minTicks;
    private long _lastForwarded;
    private long _outstandingSince;
    private long _received;
    private long _forwarded;

    /// <summary>
    /// Creates an aggregator that repeats an unanswered request after <paramref name="retryInterval"/> and forwards
    /// at most one request per <paramref name="minInterval"/> (viewers that lost the same packets ask one after another
    /// as each sees the loss; an encoder forced into back-to-back keyframes makes the loss worse).
    /// </summary>
    public KeyframeRequestAggregator(TimeSpan retryInterval, TimeSpan minInterval = default)
    {
        RetryInterval = retryInterval;
        MinInterval = minInterval;
        _retryTicks = (long)(retryInterval.TotalSeconds * Stopwatch.Frequency);
        _minTicks = (long)(minInterval.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The least time between two requests passed on to the source.</summary>
    public TimeSpan MinInterval { get; }

    /// <summary>How long a forwarded request may stay unanswered before another one is let through.</summary>
    public TimeSpan RetryInterval { get; }

    /// <summary>Requests received from viewers (and joins).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Requests passed on to the source.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Counts a request; true when it should be passed to the source now.</summary>
    public bool TryForward(long now)
    {
        Interlocked.Increment(ref _received);
        long outstanding = Interlocked.Read(ref _outstandingSince);
        long last = Interlocked.Read(ref _lastForwarded);
        if ((outstanding != 0 && now - outstanding < _retryTicks) || (last != 0 && now - last < _minTicks))
        {
            return false;
        }

        // Requests racing on several receive threads: exactly one of them wins the slot.
        if (Interlocked.CompareExchange(ref _outstandingSince, now == 0 ? 1 : now, outstanding) != outstanding)
        {
            return false;
        }

        Interlocked.Exchange(ref _lastForwarded, now == 0 ? 1 : now);
        Interlocked.Increment(ref _forwarded);
        return true;
    }

    /// <summary>A keyframe arrived from the source: the outstanding request is answered.</summary>
    public void OnKeyframe()
    {
        if (Interlocked.Read(ref _outstandingSince) != 0)
        {
            Interlocked.Exchange(ref _outstandingSince, 0);
        }
    }
}

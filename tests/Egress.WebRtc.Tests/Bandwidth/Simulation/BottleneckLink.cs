namespace Egress.WebRtc.Tests.Bandwidth.Simulation;

/// <summary>A fixed-rate bottleneck with a drop-tail queue, propagation delay and optional random loss.</summary>
internal sealed class BottleneckLink
{
    private readonly Random _random;
    private double _linkFreeAtUs;

    public BottleneckLink(double capacityBitsPerSecond, int seed)
    {
        CapacityBitsPerSecond = capacityBitsPerSecond;
        _random = new Random(seed);
    }

    /// <summary>Service rate; may change mid-run (packets already queued keep their schedule).</summary>
    public double CapacityBitsPerSecond { get; set; }

    /// <summary>Queue holds this much time's worth of traffic at the current capacity; more is dropped.</summary>
    public double QueueLimitMs { get; init; } = 100;

    /// <summary>One-way delay added after the bottleneck.</summary>
    public double PropagationDelayMs { get; init; } = 25;

    /// <summary>Probability that a packet is lost independently of congestion.</summary>
    public double RandomLossFraction { get; set; }

    /// <summary>Packets dropped because the queue was full.</summary>
    public int QueueDrops { get; private set; }

    /// <summary>Packets dropped at random.</summary>
    public int RandomDrops { get; private set; }

    /// <summary>Queueing delay a packet entering now would see.</summary>
    public double QueueDelayMs(long nowUs) => Math.Max(0, _linkFreeAtUs - nowUs) / 1000;

    /// <summary>Offers a packet to the link; returns false if it is dropped.</summary>
    public bool TrySend(long nowUs, int sizeBytes, out long arrivalUs)
    {
        arrivalUs = 0;
        double transmitUs = sizeBytes * 8 / CapacityBitsPerSecond * 1_000_000;
        double backlogUs = Math.Max(0, _linkFreeAtUs - nowUs);
        if (backlogUs + transmitUs > QueueLimitMs * 1000)
        {
            QueueDrops++;
            return false;
        }

        _linkFreeAtUs = Math.Max(_linkFreeAtUs, nowUs) + transmitUs;
        if (_random.NextDouble() < RandomLossFraction)
        {
            // Lost after the bottleneck, like a lossy last hop: it still used link capacity.
            RandomDrops++;
            return false;
        }

        arrivalUs = (long)Math.Round(_linkFreeAtUs + (PropagationDelayMs * 1000));
        return true;
    }
}

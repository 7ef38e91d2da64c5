namespace Egress.WebRtc.Bandwidth;

/// <summary>Delay-based target rate: additive/multiplicative increase while the path keeps up, multiplicative decrease on overuse.</summary>
internal sealed class AimdRateController
{
    /// <summary>On overuse the rate drops to this fraction of the measured throughput, to drain the queue it built.</summary>
    public const double DecreaseFactor = 0.85;

    /// <summary>Growth per second when far from the last congestion point.</summary>
    public const double MultiplicativeIncreasePerSecond = 0.08;

    /// <summary>Growth per second before any congestion has been seen.</summary>
    /// <remarks>
    /// libwebrtc finds the initial capacity with probe clusters; without a prober, 8 %/s would need
    /// ~25 s to climb from 300 kbit/s to 2 Mbit/s, so start-up ramps faster until the first overuse.
    /// </remarks>
    public const double StartupIncreasePerSecond = 0.35;

    // Never run more than this far ahead of what the receiver actually got, so an app-limited
    // or idle sender cannot inflate the estimate without evidence the path carries it.
    private const double ThroughputHeadroom = 1.5;
    private const double ThroughputMarginBitsPerSecond = 10_000;

    // Throughput this far above the target, in both windows, is evidence of capacity rather than noise.
    private const double DeliveredRateMargin = 1.25;

    // Near the congestion point: about one packet per response time.
    private const double TypicalPacketBits = 1200 * 8;
    private const double ResponseTimeExtraMs = 100;
    private const double MinAdditiveIncreaseBitsPerSecondPerSecond = 4_000;

    private const double MaxUpdateIntervalMs = 1000;
    private const double MinReductionIntervalMs = 10;
    private const double MaxReductionIntervalMs = 200;

    private readonly double _minBitsPerSecond;
    private readonly double _maxBitsPerSecond;
    private readonly LinkCapacityTracker _linkCapacity = new();
    private double _lastUpdateMs = double.NaN;
    private double _lastChangeMs = double.NaN;

    public AimdRateController(double initialBitsPerSecond, double minBitsPerSecond, double maxBitsPerSecond)
    {
        _minBitsPerSecond = minBitsPerSecond;
        _maxBitsPerSecond = maxBitsPerSecond;
        BitsPerSecond = Math.Clamp(initialBitsPerSecond, minBitsPerSecond, maxBitsPerSecond);
    }

    /// <summary>Current delay-based target in bit/s.</summary>
    public double BitsPerSecond { get; private set; }

    /// <summary>State the controller ended its last update in.</summary>
    public RateControlState State { get; private set; } = RateControlState.Increase;

    /// <summary>Whether overuse has been detected at least once, ending the fast start-up ramp.</summary>
    public bool HasSeenCongestion { get; private set; }

    /// <summary>Whether the controller is creeping additively near a known congestion point.</summary>
    public bool IsNearCongestionPoint => _linkCapacity.HasEstimate;

    /// <summary>Latest round-trip time; sets how fast the controller may react and creep up.</summary>
    public double RoundTripTimeMs { get; set; } = 200;

    /// <summary>Advances the controller with the detector's verdict.</summary>
    /// <param name="usage">Latest overuse detector output.</param>
    /// <param name="acknowledgedBitsPerSecond">Receiver-side throughput over the full window, or null while not yet measurable.</param>
    /// <param name="recentAcknowledgedBitsPerSecond">Receiver-side throughput over the newest ~200 ms, or null.</param>
    /// <param name="nowMs">Sender clock.</param>
    public double Update(BandwidthUsage usage, double? acknowledgedBitsPerSecond, double? recentAcknowledgedBitsPerSecond, double nowMs)
    {
        // On overuse the bottleneck is saturated, so its latest output is the best capacity sample.
        double? congestedThroughput = recentAcknowledgedBitsPerSecond ?? acknowledgedBitsPerSecond;
        if (usage == BandwidthUsage.Overusing && HasSeenCongestion && !IsTimeToReduceFurther(congestedThroughput, nowMs))
        {
            // Give the previous decrease one round trip to show its effect before cutting again.
            return BitsPerSecond;
        }

        double elapsedMs = double.IsNaN(_lastUpdateMs) ? 0 : Math.Clamp(nowMs - _lastUpdateMs, 0, MaxUpdateIntervalMs);
        _lastUpdateMs = nowMs;
        ChangeState(usage, nowMs);

        switch (State)
        {
            case RateControlState.Increase:
                RaiseToDeliveredRate(acknowledgedBitsPerSecond, recentAcknowledgedBitsPerSecond, nowMs);
                Increase(acknowledgedBitsPerSecond, elapsedMs, nowMs);
                break;
            case RateControlState.Decrease:
                Decrease(congestedThroughput, nowMs);
                break;
        }

        return BitsPerSecond;
    }

    private void ChangeState(BandwidthUsage usage, double nowMs)
    {
        switch (usage)
        {
            case BandwidthUsage.Normal when State == RateControlState.Hold:
                State = RateControlState.Increase;
                _lastChangeMs = nowMs;
                break;
            case BandwidthUsage.Overusing:
                State = RateControlState.Decrease;
                break;
            case BandwidthUsage.Underusing:
                // The queue is draining; increasing now would refill it before it is empty.
                State = RateControlState.Hold;
                break;
        }
    }

    private bool IsTimeToReduceFurther(double? acknowledgedBitsPerSecond, double nowMs)
    {
        double interval = Math.Clamp(RoundTripTimeMs, MinReductionIntervalMs, MaxReductionIntervalMs);
        if (double.IsNaN(_lastChangeMs) || nowMs - _lastChangeMs >= interval)
        {
            return true;
        }

        // Throughput far below the target means the last cut was nowhere near enough.
        return acknowledgedBitsPerSecond is { } acknowledged && acknowledged < BitsPerSecond / 2;
    }

    private void Increase(double? acknowledgedBitsPerSecond, double elapsedMs, double nowMs)
    {
        if (acknowledgedBitsPerSecond is { } acknowledged && _linkCapacity.HasEstimate && acknowledged > _linkCapacity.UpperBoundBitsPerSecond)
        {
            // Throughput is well past the old congestion point: the link got faster.
            _linkCapacity.Reset();
        }

        if (acknowledgedBitsPerSecond is not { } throughput)
        {
            // No evidence yet that the path carries even the current rate.
            return;
        }

        double limit = (ThroughputHeadroom * throughput) + ThroughputMarginBitsPerSecond;
        if (BitsPerSecond >= limit)
        {
            // Already ahead of the evidence; hold rather than cut, the path may simply be idle.
            return;
        }

        double increase = _linkCapacity.HasEstimate ? AdditiveIncrease(elapsedMs) : MultiplicativeIncrease(elapsedMs);
        SetBitrate(Math.Min(BitsPerSecond + increase, limit), nowMs);
    }

    /// <summary>
    /// Delay stays flat while the receiver gets clearly more than the target, over both the long and the recent
    /// window: the path has shown that capacity. Our sources do not follow the estimate, so the stream itself is the
    /// probe libwebrtc would send; without this a target cut during congestion would creep back at 8 %/s long after
    /// the link recovered. Both windows, and a margin, so a queue draining after a cut does not count as capacity.
    /// </summary>
    private void RaiseToDeliveredRate(double? acknowledgedBitsPerSecond, double? recentAcknowledgedBitsPerSecond, double nowMs)
    {
        if (acknowledgedBitsPerSecond is { } longWindow && recentAcknowledgedBitsPerSecond is { } recent)
        {
            double delivered = Math.Min(longWindow, recent);
            if (delivered > DeliveredRateMargin * BitsPerSecond)
            {
                _linkCapacity.Reset();
                SetBitrate(delivered, nowMs);
            }
        }
    }

    private double MultiplicativeIncrease(double elapsedMs)
    {
        double ratePerSecond = HasSeenCongestion ? MultiplicativeIncreasePerSecond : StartupIncreasePerSecond;
        return BitsPerSecond * (Math.Pow(1 + ratePerSecond, elapsedMs / 1000) - 1);
    }

    private double AdditiveIncrease(double elapsedMs)
    {
        double responseTimeSeconds = (RoundTripTimeMs + ResponseTimeExtraMs) / 1000;
        double perSecond = Math.Max(MinAdditiveIncreaseBitsPerSecondPerSecond, TypicalPacketBits / responseTimeSeconds);
        return perSecond * elapsedMs / 1000;
    }

    private void Decrease(double? throughputBitsPerSecond, double nowMs)
    {
        double target = DecreaseFactor * (throughputBitsPerSecond ?? BitsPerSecond);
        if (target > BitsPerSecond && _linkCapacity.HasEstimate)
        {
            // Throughput still reflects an older, higher rate; fall back to the remembered capacity.
            target = DecreaseFactor * _linkCapacity.EstimateBitsPerSecond;
        }

        if (target < BitsPerSecond)
        {
            SetBitrate(target, nowMs);
        }

        if (throughputBitsPerSecond is { } throughput)
        {
            _linkCapacity.OnCongestion(throughput);
        }

        HasSeenCongestion = true;
        State = RateControlState.Hold;
        _lastChangeMs = nowMs;
    }

    private void SetBitrate(double bitsPerSecond, double nowMs)
    {
        BitsPerSecond = Math.Clamp(bitsPerSecond, _minBitsPerSecond, _maxBitsPerSecond);
        _lastChangeMs = nowMs;
    }
}

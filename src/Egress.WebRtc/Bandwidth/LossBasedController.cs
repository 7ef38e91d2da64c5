namespace Egress.WebRtc.Bandwidth;

/// <summary>Caps the rate when the receiver reports heavy packet loss, and lifts the cap slowly once loss subsides.</summary>
/// <remarks>
/// Delay-based control is blind once a drop-tail queue is full (delay stops growing) and to
/// random loss on lossy links; this catches both. While loss stays low the cap follows the
/// delay-based estimate so it never holds back a healthy ramp-up.
/// </remarks>
internal sealed class LossBasedController
{
    /// <summary>Below this loss the rate may grow.</summary>
    public const double LowLossFraction = 0.02;

    /// <summary>Above this loss the rate is cut.</summary>
    public const double HighLossFraction = 0.10;

    private const double IncreasePerSecond = 0.05;
    private const double MaxIncreaseIntervalMs = 1000;
    private const double MinDecreaseIntervalMs = 300;

    private readonly double _minBitsPerSecond;
    private readonly double _maxBitsPerSecond;
    private double _lastUpdateMs = double.NaN;
    private double _lastDecreaseMs = double.NaN;
    private double _lastDelayBasedBitsPerSecond = double.NaN;

    public LossBasedController(double initialBitsPerSecond, double minBitsPerSecond, double maxBitsPerSecond)
    {
        _minBitsPerSecond = minBitsPerSecond;
        _maxBitsPerSecond = maxBitsPerSecond;
        BitsPerSecond = Math.Clamp(initialBitsPerSecond, minBitsPerSecond, maxBitsPerSecond);
    }

    /// <summary>Current loss-based limit in bit/s.</summary>
    public double BitsPerSecond { get; private set; }

    /// <summary>Whether loss is currently what limits the rate (set by a cut or a hold, cleared on recovery).</summary>
    public bool IsLimiting { get; private set; }

    /// <summary>Latest round-trip time; a cut needs one round trip to show in the loss reports.</summary>
    public double RoundTripTimeMs { get; set; } = 200;

    /// <summary>Advances the controller after a feedback packet.</summary>
    /// <param name="lossFraction">Most recent loss fraction.</param>
    /// <param name="isNewSample">Whether <paramref name="lossFraction"/> was measured since the last call; only fresh loss may cut.</param>
    /// <param name="delayBasedBitsPerSecond">Delay-based estimate: the rate actually in use when loss is not limiting.</param>
    /// <param name="nowMs">Sender clock.</param>
    /// <param name="acknowledgedBitsPerSecond">Receiver-side throughput, or null while not yet measurable.</param>
    public double Update(double lossFraction, bool isNewSample, double delayBasedBitsPerSecond, double nowMs, double? acknowledgedBitsPerSecond = null)
    {
        double elapsedMs = double.IsNaN(_lastUpdateMs) ? 0 : Math.Clamp(nowMs - _lastUpdateMs, 0, MaxIncreaseIntervalMs);
        _lastUpdateMs = nowMs;
        if (Math.Min(BitsPerSecond, delayBasedBitsPerSecond) < Math.Min(BitsPerSecond, _lastDelayBasedBitsPerSecond))
        {
            // The delay-based side just cut the rate in use. Loss reported in the next round trip
            // was caused by the old rate; cutting for it too would punish the same congestion twice.
            _lastDecreaseMs = nowMs;
        }

        _lastDelayBasedBitsPerSecond = delayBasedBitsPerSecond;

        if (lossFraction > HighLossFraction)
        {
            if (isNewSample && IsTimeToDecrease(nowMs))
            {
                // Cut from the rate actually sent, not from an idle cap far above it.
                double sending = Math.Min(BitsPerSecond, delayBasedBitsPerSecond);
                SetBitrate(sending * (1 - (0.5 * lossFraction)));
                _lastDecreaseMs = nowMs;
                IsLimiting = true;
            }
        }
        else if (lossFraction < LowLossFraction)
        {
            // What the receiver got with loss this low is what the path carries: our sources do not follow the
            // estimate, so after loss ends the stream itself shows the capacity and the limit need not creep to it.
            double grown = Math.Max(BitsPerSecond * Math.Pow(1 + IncreasePerSecond, elapsedMs / 1000), acknowledgedBitsPerSecond ?? 0);
            IsLimiting = IsLimiting && grown < delayBasedBitsPerSecond;
            SetBitrate(IsLimiting ? grown : delayBasedBitsPerSecond);
        }
        else
        {
            // Moderate loss: freeze at the rate in use, without cutting it.
            SetBitrate(Math.Min(BitsPerSecond, delayBasedBitsPerSecond));
            IsLimiting = true;
        }

        return BitsPerSecond;
    }

    private bool IsTimeToDecrease(double nowMs) =>
        double.IsNaN(_lastDecreaseMs) || nowMs - _lastDecreaseMs >= MinDecreaseIntervalMs + RoundTripTimeMs || nowMs < _lastDecreaseMs;

    private void SetBitrate(double bitsPerSecond) =>
        BitsPerSecond = Math.Clamp(bitsPerSecond, _minBitsPerSecond, _maxBitsPerSecond);
}

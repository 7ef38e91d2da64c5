namespace Egress.WebRtc.Bandwidth;

/// <summary>Turns the trendline's modified trend into a usage verdict, against a threshold that adapts.</summary>
/// <remarks>
/// A fixed threshold would either starve against loss-based TCP flows (too low) or let queues grow
/// (too high); adapting it toward the observed trend keeps GCC competitive yet delay-sensitive.
/// </remarks>
internal sealed class OveruseDetector
{
    /// <summary>Threshold before any adaptation, in milliseconds.</summary>
    public const double InitialThresholdMs = 12.5;

    /// <summary>Lower clamp of the adaptive threshold.</summary>
    public const double MinThresholdMs = 6;

    /// <summary>Upper clamp of the adaptive threshold.</summary>
    public const double MaxThresholdMs = 600;

    private const double GrowRate = 0.0087;
    private const double ShrinkRate = 0.039;

    // Trends far outside the threshold are spikes (e.g. a route change) that should not drag it along.
    private const double MaxAdaptationOutlierMs = 15;
    private const double MaxAdaptationStepMs = 100;
    private const double SustainedOveruseMs = 10;

    private double _overuseDurationMs = -1;
    private int _overuseSamples;
    private double _previousTrend;
    private double _lastThresholdUpdateMs = double.NaN;

    /// <summary>Current adaptive threshold in milliseconds.</summary>
    public double ThresholdMs { get; private set; } = InitialThresholdMs;

    /// <summary>Latest verdict.</summary>
    public BandwidthUsage Usage { get; private set; } = BandwidthUsage.Normal;

    /// <summary>Evaluates one trend sample.</summary>
    /// <param name="modifiedTrend">Trend scaled as by <see cref="TrendlineEstimator.ModifiedTrend"/>.</param>
    /// <param name="rawTrend">Unscaled slope, compared with the previous one to see whether overuse is still building.</param>
    /// <param name="sendDeltaMs">Send-time span the sample covers, used to time how long overuse has lasted.</param>
    /// <param name="nowMs">Clock for threshold adaptation.</param>
    public BandwidthUsage Detect(double modifiedTrend, double rawTrend, double sendDeltaMs, double nowMs)
    {
        if (modifiedTrend > ThresholdMs)
        {
            // Half a sample on first sight: overuse probably began midway through it.
            _overuseDurationMs = _overuseDurationMs < 0 ? sendDeltaMs / 2 : _overuseDurationMs + sendDeltaMs;
            _overuseSamples++;
            if (_overuseDurationMs > SustainedOveruseMs && _overuseSamples > 1 && rawTrend >= _previousTrend)
            {
                _overuseDurationMs = 0;
                _overuseSamples = 0;
                Usage = BandwidthUsage.Overusing;
            }
        }
        else if (modifiedTrend < -ThresholdMs)
        {
            ResetOveruseTimer();
            Usage = BandwidthUsage.Underusing;
        }
        else
        {
            ResetOveruseTimer();
            Usage = BandwidthUsage.Normal;
        }

        _previousTrend = rawTrend;
        AdaptThreshold(modifiedTrend, nowMs);
        return Usage;
    }

    private void ResetOveruseTimer()
    {
        _overuseDurationMs = -1;
        _overuseSamples = 0;
    }

    private void AdaptThreshold(double modifiedTrend, double nowMs)
    {
        if (double.IsNaN(_lastThresholdUpdateMs))
        {
            _lastThresholdUpdateMs = nowMs;
        }

        double magnitude = Math.Abs(modifiedTrend);
        if (magnitude > ThresholdMs + MaxAdaptationOutlierMs)
        {
            _lastThresholdUpdateMs = nowMs;
            return;
        }

        double rate = magnitude < ThresholdMs ? ShrinkRate : GrowRate;
        double elapsedMs = Math.Clamp(nowMs - _lastThresholdUpdateMs, 0, MaxAdaptationStepMs);
        ThresholdMs = Math.Clamp(ThresholdMs + (rate * (magnitude - ThresholdMs) * elapsedMs), MinThresholdMs, MaxThresholdMs);
        _lastThresholdUpdateMs = nowMs;
    }
}

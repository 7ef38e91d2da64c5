namespace Egress.WebRtc.Bandwidth;

/// <summary>Remembers the throughput at which congestion was last seen, with a tolerance band around it.</summary>
/// <remarks>
/// Near that point the rate controller creeps up additively instead of multiplicatively, so it
/// does not repeatedly overshoot a capacity it has already found.
/// </remarks>
internal sealed class LinkCapacityTracker
{
    private const double SmoothingWeight = 0.05;

    // Relative standard deviation bounds: too narrow and normal jitter resets the estimate,
    // too wide and a real capacity change goes unnoticed.
    private const double MinRelativeDeviation = 0.015;
    private const double MaxRelativeDeviation = 0.05;

    private double _relativeVariance = MinRelativeDeviation * MinRelativeDeviation;

    /// <summary>Whether a congestion point is known.</summary>
    public bool HasEstimate { get; private set; }

    /// <summary>Smoothed throughput at congestion, in bit/s.</summary>
    public double EstimateBitsPerSecond { get; private set; }

    /// <summary>Above this the link evidently has more capacity than remembered.</summary>
    public double UpperBoundBitsPerSecond => EstimateBitsPerSecond * (1 + (3 * RelativeDeviation));

    /// <summary>Below this the link evidently has less capacity than remembered.</summary>
    public double LowerBoundBitsPerSecond => EstimateBitsPerSecond * (1 - (3 * RelativeDeviation));

    private double RelativeDeviation => Math.Sqrt(_relativeVariance);

    /// <summary>Records the throughput measured when overuse was detected.</summary>
    public void OnCongestion(double throughputBitsPerSecond)
    {
        if (HasEstimate && throughputBitsPerSecond < LowerBoundBitsPerSecond)
        {
            Reset();
        }

        if (!HasEstimate)
        {
            EstimateBitsPerSecond = throughputBitsPerSecond;
            HasEstimate = true;
            return;
        }

        EstimateBitsPerSecond = ((1 - SmoothingWeight) * EstimateBitsPerSecond) + (SmoothingWeight * throughputBitsPerSecond);
        double relativeError = (throughputBitsPerSecond - EstimateBitsPerSecond) / Math.Max(EstimateBitsPerSecond, 1);
        double variance = ((1 - SmoothingWeight) * _relativeVariance) + (SmoothingWeight * relativeError * relativeError);
        _relativeVariance = Math.Clamp(variance, MinRelativeDeviation * MinRelativeDeviation, MaxRelativeDeviation * MaxRelativeDeviation);
    }

    /// <summary>Forgets the congestion point, e.g. when throughput has clearly moved past it.</summary>
    public void Reset()
    {
        HasEstimate = false;
        EstimateBitsPerSecond = 0;
    }
}

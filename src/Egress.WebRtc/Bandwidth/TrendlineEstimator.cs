namespace Egress.WebRtc.Bandwidth;

/// <summary>Estimates whether queueing delay is growing, from the slope of accumulated delay over arrival time.</summary>
/// <remarks>
/// A least-squares slope over a window of smoothed samples is far less noisy than any single
/// delay gradient, which jitters with cross traffic and radio scheduling.
/// </remarks>
internal sealed class TrendlineEstimator
{
    /// <summary>Number of packet groups the slope is fitted over.</summary>
    public const int WindowSize = 20;

    private const double SmoothingCoefficient = 0.9;
    private const double ThresholdGain = 4.0;

    // The trend is scaled by how many deltas it rests on, so early estimates count for less.
    private const int MaxDeltaWeight = 60;
    private const int DeltaCountCap = 1000;

    private readonly double[] _arrivalTimesMs = new double[WindowSize];
    private readonly double[] _smoothedDelaysMs = new double[WindowSize];
    private int _sampleCount;
    private int _nextSlot;
    private int _deltaCount;
    private double _firstArrivalMs;
    private double _accumulatedDelayMs;
    private double _smoothedDelayMs;

    /// <summary>Latest fitted slope: milliseconds of extra delay per millisecond of arrival time.</summary>
    public double Slope { get; private set; }

    /// <summary>Slope scaled for comparison with the overuse detector's threshold (in ms).</summary>
    public double ModifiedTrend { get; private set; }

    /// <summary>Feeds one group delta; the slope updates once the window is full.</summary>
    public void Update(in GroupDelta delta)
    {
        if (_deltaCount == 0)
        {
            _firstArrivalMs = delta.ArrivalTimeMs;
        }

        _deltaCount = Math.Min(_deltaCount + 1, DeltaCountCap);
        _accumulatedDelayMs += delta.ArrivalDeltaMs - delta.SendDeltaMs;
        _smoothedDelayMs = (SmoothingCoefficient * _smoothedDelayMs) + ((1 - SmoothingCoefficient) * _accumulatedDelayMs);

        _arrivalTimesMs[_nextSlot] = delta.ArrivalTimeMs - _firstArrivalMs;
        _smoothedDelaysMs[_nextSlot] = _smoothedDelayMs;
        _nextSlot = (_nextSlot + 1) % WindowSize;
        _sampleCount = Math.Min(_sampleCount + 1, WindowSize);

        if (_sampleCount == WindowSize && TryFitSlope(out double slope))
        {
            Slope = slope;
        }

        ModifiedTrend = Math.Min(_deltaCount, MaxDeltaWeight) * Slope * ThresholdGain;
    }

    /// <summary>Discards all samples, e.g. after the receiver clock jumped.</summary>
    public void Reset()
    {
        _sampleCount = 0;
        _nextSlot = 0;
        _deltaCount = 0;
        _accumulatedDelayMs = 0;
        _smoothedDelayMs = 0;
        Slope = 0;
        ModifiedTrend = 0;
    }

    private bool TryFitSlope(out double slope)
    {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            meanX += _arrivalTimesMs[i];
            meanY += _smoothedDelaysMs[i];
        }

        meanX /= WindowSize;
        meanY /= WindowSize;

        double covariance = 0;
        double varianceX = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            double dx = _arrivalTimesMs[i] - meanX;
            covariance += dx * (_smoothedDelaysMs[i] - meanY);
            varianceX += dx * dx;
        }

        slope = varianceX > 0 ? covariance / varianceX : 0;
        return varianceX > 0 && double.IsFinite(slope);
    }
}

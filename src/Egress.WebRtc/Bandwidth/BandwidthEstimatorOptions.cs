namespace Egress.WebRtc.Bandwidth;

/// <summary>Start value and bounds for a <see cref="SendSideBandwidthEstimator"/>.</summary>
public sealed class BandwidthEstimatorOptions
{
    /// <summary>Estimate used before any feedback arrives; clamped into [Min, Max].</summary>
    public long InitialBitsPerSecond { get; init; } = 1_000_000;

    /// <summary>The estimate never goes below this, however bad the path looks.</summary>
    public long MinBitsPerSecond { get; init; } = 50_000;

    /// <summary>The estimate never goes above this, however good the path looks.</summary>
    public long MaxBitsPerSecond { get; init; } = 20_000_000;
}

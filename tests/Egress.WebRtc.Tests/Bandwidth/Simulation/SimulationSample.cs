using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth.Simulation;

/// <summary>Snapshot of the estimator and the link at one simulated instant.</summary>
internal readonly record struct SimulationSample(
    double TimeSeconds,
    long EstimateBitsPerSecond,
    long DelayBasedBitsPerSecond,
    long LossBasedBitsPerSecond,
    long AcknowledgedBitsPerSecond,
    double QueueDelayMs,
    double LossFraction,
    BandwidthUsage Usage);

using System.Diagnostics;

namespace Egress.WebRtc.Tests.Bandwidth.Simulation;

/// <summary>Maps simulated microseconds to the Stopwatch timestamps the estimator expects.</summary>
internal static class VirtualClock
{
    /// <summary>Stopwatch timestamp for a simulated instant.</summary>
    public static long ToTimestamp(long microseconds) => (long)(microseconds * (Stopwatch.Frequency / 1_000_000.0));
}

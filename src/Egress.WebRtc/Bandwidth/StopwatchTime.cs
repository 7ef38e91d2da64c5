using System.Diagnostics;

namespace Egress.WebRtc.Bandwidth;

/// <summary>Converts <see cref="Stopwatch"/> timestamps to the milliseconds the estimator reasons in.</summary>
internal static class StopwatchTime
{
    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;

    /// <summary>Milliseconds on the sender's clock; doubles keep sub-millisecond precision for years of uptime.</summary>
    public static double ToMilliseconds(long timestamp) => timestamp * MillisecondsPerTick;
}

namespace Egress.WebRtc.Tests.Bandwidth.Simulation;

/// <summary>Figures quoted from a run: when the estimate reached a level, and averages over a window.</summary>
internal static class SimulationSummary
{
    /// <summary>First sample time at or after <paramref name="fromSeconds"/> where <paramref name="condition"/> holds, or null.</summary>
    public static double? FirstTime(IReadOnlyList<SimulationSample> samples, double fromSeconds, Func<SimulationSample, bool> condition) =>
        samples.Where(s => s.TimeSeconds >= fromSeconds).Where(condition).Select(s => (double?)s.TimeSeconds).FirstOrDefault();

    /// <summary>Samples with time in [from, to).</summary>
    public static SimulationSample[] Window(IReadOnlyList<SimulationSample> samples, double fromSeconds, double toSeconds) =>
        samples.Where(s => s.TimeSeconds >= fromSeconds && s.TimeSeconds < toSeconds).ToArray();

    /// <summary>One-line description of a window for the test log.</summary>
    public static string Describe(SimulationSample[] window) =>
        $"estimate avg {window.Average(s => s.EstimateBitsPerSecond) / 1e6:F3} Mbit/s "
        + $"(min {window.Min(s => s.EstimateBitsPerSecond) / 1e6:F3}, max {window.Max(s => s.EstimateBitsPerSecond) / 1e6:F3}), "
        + $"acked avg {window.Average(s => s.AcknowledgedBitsPerSecond) / 1e6:F3} Mbit/s, "
        + $"queue delay avg {window.Average(s => s.QueueDelayMs):F1} ms (max {window.Max(s => s.QueueDelayMs):F1} ms)";
}

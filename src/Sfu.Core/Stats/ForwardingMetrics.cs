using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sfu.Core.Stats;

/// <summary>The forwarding core's OpenTelemetry-visible instruments (meter <c>Sfu</c>); free when nobody listens.</summary>
public static class ForwardingMetrics
{
    /// <summary>The meter name every project of the server publishes under.</summary>
    public const string MeterName = "Sfu";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> IngestToWire = Meter.CreateHistogram(
        "sfu.ingest_to_wire.latency",
        unit: "s",
        description: "Time from a media packet's arrival at the server to its send to the last viewer of the stream.",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
        });

    /// <summary>Records one packet's ingest-to-wire time given in <see cref="Stopwatch"/> ticks.</summary>
    public static void RecordIngestToWire(long stopwatchTicks)
    {
        if (IngestToWire.Enabled)
        {
            IngestToWire.Record(stopwatchTicks / (double)Stopwatch.Frequency);
        }
    }
}

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Sfu.Core.Stats;

namespace Bench.Telemetry;

/// <summary>
/// What the forwarding path pays per packet for ingest-to-wire latency: the stream's own histogram and the
/// OpenTelemetry histogram with the SDK listening (as in the server), against reading the clock alone.
/// </summary>
[MemoryDiagnoser]
public class PerPacketTelemetryBenchmark
{
    private readonly LatencyHistogram _histogram = new();
    private MeterProvider? _meters;
    private long _arrival;

    [GlobalSetup]
    public void Setup()
    {
        _meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ForwardingMetrics.MeterName)
            .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter(), exportIntervalMilliseconds: 1000))
            .Build();
        _arrival = Stopwatch.GetTimestamp();
    }

    [GlobalCleanup]
    public void Cleanup() => _meters?.Dispose();

    [Benchmark(Baseline = true)]
    public long ReadClockOnly() => Stopwatch.GetTimestamp() - _arrival;

    [Benchmark]
    public void StreamHistogram() => _histogram.RecordTicks(Stopwatch.GetTimestamp() - _arrival);

    [Benchmark]
    public void StreamHistogramAndOpenTelemetry()
    {
        long latency = Stopwatch.GetTimestamp() - _arrival;
        _histogram.RecordTicks(latency);
        ForwardingMetrics.RecordIngestToWire(latency);
    }

    /// <summary>Collects like an exporter would and throws the result away.</summary>
    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}

using System.Diagnostics.Metrics;

namespace ControlPlane.Cluster;

/// <summary>Relay instruments: edges this origin feeds, relays this edge pulls, bytes, and what a hop adds.</summary>
public sealed class RelayMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Sfu.Relay";

    private readonly Meter _meter = new(MeterName);
    private long _feeding;
    private long _pulling;
    private long _fedBytes;
    private long _pulledBytes;

    /// <summary>Creates the instruments.</summary>
    public RelayMetrics()
    {
        _meter.CreateObservableGauge("sfu_relay_feeds", () => Interlocked.Read(ref _feeding), description: "Edges this node feeds a stream to (one per edge and stream, whatever its viewers).");
        _meter.CreateObservableGauge("sfu_relay_pulls", () => Interlocked.Read(ref _pulling), description: "Streams this node pulls from their origin.");
        _meter.CreateObservableCounter("sfu_relay_fed_bytes", () => Interlocked.Read(ref _fedBytes), unit: "By", description: "Relay bytes sent to edges.");
        _meter.CreateObservableCounter("sfu_relay_pulled_bytes", () => Interlocked.Read(ref _pulledBytes), unit: "By", description: "Relay bytes received from origins.");
        Transit = _meter.CreateHistogram(
            "sfu_relay_transit",
            unit: "s",
            description: "Origin send to edge publish of relayed packets, by the nodes' clocks.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
    }

    /// <summary>Edges fed now.</summary>
    public long Feeding => Interlocked.Read(ref _feeding);

    /// <summary>Relays pulled now.</summary>
    public long Pulling => Interlocked.Read(ref _pulling);

    /// <summary>Relay bytes sent to edges so far.</summary>
    public long FedBytes => Interlocked.Read(ref _fedBytes);

    /// <summary>The hop's added time.</summary>
    public Histogram<double> Transit { get; }

    /// <summary>A feed started (+1) or ended (-1).</summary>
    public void AddFeed(int delta) => Interlocked.Add(ref _feeding, delta);

    /// <summary>A pull started (+1) or ended (-1).</summary>
    public void AddPull(int delta) => Interlocked.Add(ref _pulling, delta);

    /// <summary>Counts bytes sent to an edge.</summary>
    public void AddFed(long bytes) => Interlocked.Add(ref _fedBytes, bytes);

    /// <summary>Counts bytes received from an origin.</summary>
    public void AddPulled(long bytes) => Interlocked.Add(ref _pulledBytes, bytes);

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}

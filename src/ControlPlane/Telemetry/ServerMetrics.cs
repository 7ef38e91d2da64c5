using System.Diagnostics.Metrics;
using ControlPlane.Events;
using Egress.WebRtc.Peers;
using Sfu.Core.Sessions;
using Sfu.Core.Stats;
using Sfu.Core.Streams;

namespace ControlPlane.Telemetry;

/// <summary>
/// The node's gauges and totals as observable instruments (meter <c>Sfu</c>): read from counters when an exporter
/// collects, so the forwarding path pays nothing for them.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    private readonly Meter _meter;

    /// <summary>Creates the instruments.</summary>
    public ServerMetrics(IMeterFactory meters, StreamRegistry streams, SessionRegistry sessions, WebRtcHost webRtc, TrafficSampler sampler)
    {
        _meter = meters.Create(ForwardingMetrics.MeterName);
        _meter.CreateObservableUpDownCounter("sfu.streams.active", () => CountStreams(streams), "{stream}", "Live streams by ingest protocol.");
        _meter.CreateObservableUpDownCounter("sfu.sessions.active", () => CountSessions(sessions), "{session}", "Open sessions by role and protocol.");
        _meter.CreateObservableCounter("sfu.egress.packets", () => webRtc.Traffic.PacketsSent, "{packet}", "RTP and RTCP packets sent to viewers.");
        _meter.CreateObservableCounter("sfu.egress", () => webRtc.Traffic.BytesSent, "By", "Bytes sent to viewers (SRTP, without UDP/IP headers).");
        _meter.CreateObservableCounter("sfu.ingest.packets", () => sampler.IngestTotals.Packets, "{packet}", "Media packets published into the node.");
        _meter.CreateObservableCounter("sfu.ingest", () => sampler.IngestTotals.Bytes, "By", "Media bytes published into the node.");
        _meter.CreateObservableUpDownCounter("sfu.viewers.audio_only", () => webRtc.AudioOnlyPeers, "{viewer}", "Viewers moved to audio only by their bandwidth estimate.");
        _meter.CreateObservableGauge("sfu.process.cpu.utilization", () => sampler.Rates.CpuCores, "1", "Process CPU over the last second, in cores.");
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> CountStreams(StreamRegistry streams) =>
        streams.Streams
            .GroupBy(s => s.Publisher.Protocol)
            .Select(g => new Measurement<long>(g.Count(), new KeyValuePair<string, object?>("protocol", g.Key)));

    private static IEnumerable<Measurement<long>> CountSessions(SessionRegistry sessions) =>
        sessions.Sessions
            .GroupBy(s => (s.Role, s.Protocol))
            .Select(g => new Measurement<long>(
                g.Count(),
                new KeyValuePair<string, object?>("role", g.Key.Role == SessionRole.Publisher ? "publisher" : "viewer"),
                new KeyValuePair<string, object?>("protocol", g.Key.Protocol)));
}

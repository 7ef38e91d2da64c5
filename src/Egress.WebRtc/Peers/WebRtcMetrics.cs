using System.Diagnostics.Metrics;
using Sfu.Core.Stats;

namespace Egress.WebRtc.Peers;

/// <summary>WebRTC transport instruments (meter <c>Sfu</c>), recorded per handshake or per RTCP packet, never per media packet.</summary>
internal static class WebRtcMetrics
{
    private static readonly Meter Meter = new(ForwardingMetrics.MeterName);

    public static readonly Histogram<double> DtlsHandshakeDuration = Meter.CreateHistogram(
        "sfu.dtls.handshake.duration",
        unit: "s",
        description: "Time from a viewer's first DTLS record to SRTP keys.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Counter<long> NackedSequences = Meter.CreateCounter<long>(
        "sfu.rtcp.nacked_packets",
        unit: "{packet}",
        description: "Packets viewers reported missing in generic NACKs.");

    public static readonly Counter<long> Retransmissions = Meter.CreateCounter<long>(
        "sfu.rtp.retransmissions",
        unit: "{packet}",
        description: "Packets resent to viewers (as RTX) after their NACKs.");

    public static readonly Counter<long> KeyframeRequests = Meter.CreateCounter<long>(
        "sfu.rtcp.keyframe_requests",
        unit: "{request}",
        description: "PLI and FIR messages from viewers.");

    public static readonly Counter<long> KeyframeRestarts = Meter.CreateCounter<long>(
        "sfu.rtp.keyframe_restarts",
        unit: "{restart}",
        description: "Viewers restarted from the keyframe cache after asking for a keyframe the source cannot make.");

    public static readonly Counter<long> LayerSwitches = Meter.CreateCounter<long>(
        "sfu.viewer.layer_switches",
        unit: "{switch}",
        description: "Viewers moved between layers by their bandwidth estimate (layer = what they get afterwards, e.g. audio-only).");

    public static readonly Histogram<long> BandwidthEstimate = Meter.CreateHistogram(
        "sfu.viewer.bandwidth_estimate",
        unit: "bit/s",
        description: "Viewers' send-side bandwidth estimates, one sample per viewer per second.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [100_000, 300_000, 500_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000] });
}

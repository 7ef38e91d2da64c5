namespace Egress.WebRtc.Peers;

/// <summary>What a viewer's receiver reports say, plus what we sent it.</summary>
public sealed class PeerStats
{
    /// <summary>Fraction of packets lost in the last report, 0..1.</summary>
    public double FractionLost { get; internal set; }

    /// <summary>Packets lost since the start, as the receiver counts them.</summary>
    public long CumulativeLost { get; internal set; }

    /// <summary>Interarrival jitter of the video, in seconds.</summary>
    public double JitterSeconds { get; internal set; }

    /// <summary>Round-trip time from the last SR echo.</summary>
    public TimeSpan? RoundTripTime { get; internal set; }

    /// <summary>Receiver reports read.</summary>
    public long ReceiverReports { get; internal set; }

    /// <summary>Keyframe requests (PLI and FIR) received.</summary>
    public long KeyframeRequests { get; internal set; }

    /// <summary>Sequence numbers NACKed.</summary>
    public long NackedPackets { get; internal set; }

    /// <summary>Transport-wide congestion control feedback packets read.</summary>
    public long TransportFeedbackReports { get; internal set; }

    /// <summary>Packets whose fate the viewer's transport-cc feedback reported.</summary>
    public long PacketsReportedByFeedback { get; internal set; }

    /// <summary>Of those, packets the viewer reported not received (before any retransmission).</summary>
    public long PacketsLostByFeedback { get; internal set; }

    /// <summary>REMB messages read (a bandwidth cap, or the estimate when the viewer sends no transport-cc).</summary>
    public long RembReports { get; internal set; }

    /// <summary>Transport-cc feedback that could not be parsed.</summary>
    public long MalformedFeedback { get; internal set; }

    /// <summary>Packets that failed SRTP or SRTCP processing.</summary>
    public long CryptoErrors { get; internal set; }
}

namespace Sfu.Core.Sessions;

/// <summary>A session's counters at one moment; fields a protocol does not measure stay at their defaults.</summary>
public sealed record SessionSnapshot
{
    /// <summary>Setup progress, e.g. <c>connecting</c> or <c>connected</c>.</summary>
    public string State { get; init; } = "connected";

    /// <summary>Packets sent to the remote side.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Bytes sent to the remote side, as on the wire (after encryption).</summary>
    public long BytesSent { get; init; }

    /// <summary>Packets (or media messages) received from the remote side.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Bytes received from the remote side.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Round-trip time, once measured.</summary>
    public TimeSpan? RoundTripTime { get; init; }

    /// <summary>Fraction of packets the remote side reported lost most recently, 0..1.</summary>
    public double FractionLost { get; init; }

    /// <summary>Packets the remote side reported lost since the start.</summary>
    public long PacketsLost { get; init; }

    /// <summary>Sequence numbers the remote side asked to have resent.</summary>
    public long NacksReceived { get; init; }

    /// <summary>Packets resent after the remote side's NACKs.</summary>
    public long RetransmissionsSent { get; init; }

    /// <summary>Keyframe requests (PLI, FIR) from the remote side.</summary>
    public long KeyframeRequests { get; init; }

    /// <summary>Send-side bandwidth estimate, once the session has one.</summary>
    public long? BandwidthEstimateBitsPerSecond { get; init; }

    /// <summary>The layer or rendition being sent (viewers), e.g. <c>full</c>.</summary>
    public string? CurrentLayer { get; init; }
}

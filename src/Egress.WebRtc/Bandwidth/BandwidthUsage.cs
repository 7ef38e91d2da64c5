namespace Egress.WebRtc.Bandwidth;

/// <summary>Verdict of the delay-based overuse detector on the path's queueing trend.</summary>
public enum BandwidthUsage
{
    /// <summary>Queueing delay is stable: the path keeps up with the send rate.</summary>
    Normal,

    /// <summary>Queueing delay is shrinking: the path is draining a queue.</summary>
    Underusing,

    /// <summary>Queueing delay is growing: the send rate exceeds what the path delivers.</summary>
    Overusing,
}

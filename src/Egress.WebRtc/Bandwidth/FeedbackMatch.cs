namespace Egress.WebRtc.Bandwidth;

/// <summary>How one transport-cc result relates to the send history.</summary>
internal enum FeedbackMatch
{
    /// <summary>Unknown, stale, or already acknowledged packet: contributes nothing.</summary>
    Ignored,

    /// <summary>First report of the packet, and it was lost.</summary>
    Lost,

    /// <summary>First report of the packet, and it arrived.</summary>
    Received,

    /// <summary>Arrived after an earlier feedback had called it lost; already counted for loss.</summary>
    ReceivedAfterReportedLost,
}

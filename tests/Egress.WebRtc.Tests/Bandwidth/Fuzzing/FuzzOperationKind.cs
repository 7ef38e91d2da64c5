namespace Egress.WebRtc.Tests.Bandwidth.Fuzzing;

/// <summary>Which estimator call a <see cref="FuzzOperation"/> makes.</summary>
internal enum FuzzOperationKind
{
    /// <summary>Send a run of packets continuing the sender's sequence.</summary>
    SendContinuing,

    /// <summary>Send a run of packets starting at an arbitrary sequence (a caller bug or restart).</summary>
    SendAtArbitrarySequence,

    /// <summary>Feedback for recently sent packets, with chosen losses and arrival times.</summary>
    FeedbackForRecentPackets,

    /// <summary>Feedback with entirely arbitrary results.</summary>
    FeedbackArbitrary,

    /// <summary>A REMB with an arbitrary value.</summary>
    Remb,

    /// <summary>A round-trip time with an arbitrary value.</summary>
    RoundTripTime,
}

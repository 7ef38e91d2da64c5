namespace Egress.WebRtc.Bandwidth;

/// <summary>What the delay-based rate controller does on its next update.</summary>
internal enum RateControlState
{
    /// <summary>Keep the rate, e.g. while a queue drains.</summary>
    Hold,

    /// <summary>Probe for more bandwidth.</summary>
    Increase,

    /// <summary>Back off below the measured throughput.</summary>
    Decrease,
}

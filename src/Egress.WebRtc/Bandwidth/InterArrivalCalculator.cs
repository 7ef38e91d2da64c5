namespace Egress.WebRtc.Bandwidth;

/// <summary>Groups received packets into bursts and yields the delay gradient between consecutive bursts.</summary>
/// <remarks>
/// Comparing whole bursts rather than single packets filters out the pacer's and the network's
/// micro-bursts, which say nothing about queue growth.
/// </remarks>
internal sealed class InterArrivalCalculator
{
    /// <summary>Packets sent within this span of a group's first packet belong to that group.</summary>
    public const double BurstSendIntervalMs = 5;

    private const double BurstArrivalIntervalMs = 5;
    private const double MaxBurstDurationMs = 100;

    // A receiver clock jump this large cannot be queueing; restart rather than feed it to the trend.
    private const double ClockJumpThresholdMs = 3000;
    private const int ReorderedGroupsBeforeReset = 3;

    private PacketGroup _current;
    private PacketGroup _previous;
    private int _consecutiveReorderedGroups;

    /// <summary>Set when the last <see cref="TryAdd"/> discarded all history because the clocks jumped.</summary>
    public bool WasReset { get; private set; }

    /// <summary>Adds a received packet; returns true when it completes a group and a delta is available.</summary>
    public bool TryAdd(double sendMs, double arrivalMs, out GroupDelta delta)
    {
        delta = default;
        WasReset = false;
        if (!_current.HasPackets)
        {
            _current = PacketGroup.Start(sendMs, arrivalMs);
            return false;
        }

        if (sendMs < _current.FirstSendMs)
        {
            // Sent before the burst being assembled: a reordered or late-reported packet.
            return false;
        }

        if (BelongsToCurrentGroup(sendMs, arrivalMs))
        {
            _current.Add(sendMs, arrivalMs);
            return false;
        }

        bool hasDelta = _previous.HasPackets && TryMeasure(out delta);
        if (WasReset)
        {
            _current = PacketGroup.Start(sendMs, arrivalMs);
            return false;
        }

        _previous = _current;
        _current = PacketGroup.Start(sendMs, arrivalMs);
        return hasDelta;
    }

    /// <summary>Forgets all groups, e.g. after a receiver clock jump.</summary>
    public void Reset()
    {
        _current = default;
        _previous = default;
        _consecutiveReorderedGroups = 0;
    }

    private bool BelongsToCurrentGroup(double sendMs, double arrivalMs)
    {
        if (sendMs - _current.FirstSendMs <= BurstSendIntervalMs)
        {
            return true;
        }

        // Packets that queued behind each other arrive back-to-back faster than they were sent;
        // that compression is the same burst, not a new delay sample.
        double arrivalDelta = arrivalMs - _current.LastArrivalMs;
        double sendDelta = sendMs - _current.LastSendMs;
        return arrivalDelta >= 0
            && arrivalDelta <= BurstArrivalIntervalMs
            && arrivalDelta - sendDelta < 0
            && arrivalMs - _current.FirstArrivalMs < MaxBurstDurationMs;
    }

    private bool TryMeasure(out GroupDelta delta)
    {
        double sendDelta = _current.LastSendMs - _previous.LastSendMs;
        double arrivalDelta = _current.LastArrivalMs - _previous.LastArrivalMs;
        delta = new GroupDelta(sendDelta, arrivalDelta, _current.LastArrivalMs);
        if (Math.Abs(arrivalDelta - sendDelta) >= ClockJumpThresholdMs)
        {
            Reset();
            WasReset = true;
            return false;
        }

        if (arrivalDelta < 0)
        {
            // The whole group arrived before the previous one: reordering, not a delay change.
            if (++_consecutiveReorderedGroups >= ReorderedGroupsBeforeReset)
            {
                Reset();
                WasReset = true;
            }

            return false;
        }

        _consecutiveReorderedGroups = 0;
        return true;
    }
}

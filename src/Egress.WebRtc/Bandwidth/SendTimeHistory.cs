namespace Egress.WebRtc.Bandwidth;

/// <summary>Ring buffer of recently sent packets, indexed by unwrapped transport-wide sequence number.</summary>
/// <remarks>
/// Fixed size so memory is bounded per viewer; feedback for a packet more than <see cref="Capacity"/>
/// numbers older than the newest sent one is ignored (at 20 Mbit/s that is ~0.5 s of traffic).
/// </remarks>
internal sealed class SendTimeHistory
{
    /// <summary>Number of packets remembered; a power of two so the slot is a mask of the sequence.</summary>
    public const int Capacity = 1024;

    private const long SlotMask = Capacity - 1;

    private readonly SentPacket[] _packets = new SentPacket[Capacity];
    private readonly SlotState[] _states = new SlotState[Capacity];
    private long _newestSequence;
    private bool _hasPackets;

    /// <summary>Remembers a packet that has just been sent.</summary>
    public void Record(ushort sequence, int sizeBytes, long sendTimestamp)
    {
        long unwrapped = _hasPackets ? TransportSequence.Unwrap(sequence, _newestSequence) : sequence;
        if (_hasPackets && unwrapped <= _newestSequence - Capacity)
        {
            // Writing it would evict a newer packet that may still get feedback.
            return;
        }

        if (!_hasPackets || unwrapped > _newestSequence)
        {
            _newestSequence = unwrapped;
            _hasPackets = true;
        }

        int slot = (int)(unwrapped & SlotMask);
        _packets[slot] = new SentPacket(sendTimestamp, sequence, (ushort)Math.Clamp(sizeBytes, 0, ushort.MaxValue));
        _states[slot] = SlotState.Occupied;
    }

    /// <summary>Applies one feedback result to the history and says whether it is new information.</summary>
    public FeedbackMatch Match(ushort sequence, bool received, out SentPacket packet)
    {
        packet = default;
        if (!_hasPackets)
        {
            return FeedbackMatch.Ignored;
        }

        long unwrapped = TransportSequence.Unwrap(sequence, _newestSequence);
        if (unwrapped > _newestSequence || unwrapped <= _newestSequence - Capacity)
        {
            return FeedbackMatch.Ignored;
        }

        int slot = (int)(unwrapped & SlotMask);
        var state = _states[slot];
        if ((state & SlotState.Occupied) == 0 || (state & SlotState.Received) != 0 || _packets[slot].Sequence != sequence)
        {
            return FeedbackMatch.Ignored;
        }

        bool reportedBefore = (state & SlotState.Reported) != 0;
        if (!received)
        {
            _states[slot] = state | SlotState.Reported;
            return reportedBefore ? FeedbackMatch.Ignored : FeedbackMatch.Lost;
        }

        _states[slot] = state | SlotState.Reported | SlotState.Received;
        packet = _packets[slot];
        return reportedBefore ? FeedbackMatch.ReceivedAfterReportedLost : FeedbackMatch.Received;
    }
}

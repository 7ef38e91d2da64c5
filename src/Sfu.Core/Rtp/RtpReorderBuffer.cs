using System.Diagnostics;

namespace Sfu.Core.Rtp;

/// <summary>
/// Puts one RTP stream's packets back in sequence order when the network swapped a few, holding a packet that arrived
/// after a gap for at most <see cref="MaxHold"/> while the gap may still fill. Used by one thread.
/// </summary>
/// <remarks>
/// The keyframe cache, the packet history and keyframe detection all assume packets come in order; a viewer's jitter
/// buffer would cope with reordering, but a cache that starts at the second packet of a keyframe would not. A gap not
/// filled in time is a loss: the held packets go on and the missing one, if a retransmission brings it later, is passed
/// through as late (not in order), never held back and never marked as a keyframe start.
/// The buffer owns the packets added to it until they are taken, and releases them when cleared.
/// </remarks>
public sealed class RtpReorderBuffer
{
    private readonly RtpPacket?[] _slots;
    private readonly long[] _heldAt;
    private readonly Queue<(RtpPacket Packet, bool InOrder)> _ready;
    private readonly long _maxHoldTicks;
    private bool _started;
    private ushort _next;
    private int _held;

    /// <summary>Creates a buffer for up to <paramref name="capacity"/> (a power of two) packets past a gap, each held at most <paramref name="maxHold"/>.</summary>
    public RtpReorderBuffer(int capacity = 64, TimeSpan? maxHold = null)
    {
        // A power of two divides 65536, so slots stay consecutive across the sequence number's wrap.
        if (capacity is < 2 or > 4096 || !System.Numerics.BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be a power of two from 2 to 4096.");
        }

        _slots = new RtpPacket?[capacity];
        _heldAt = new long[capacity];
        _ready = new Queue<(RtpPacket, bool)>(capacity + 1);
        MaxHold = maxHold ?? TimeSpan.FromMilliseconds(10);
        _maxHoldTicks = (long)(MaxHold.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The longest a packet waits for the gap before it.</summary>
    public TimeSpan MaxHold { get; }

    /// <summary>Packets held now, waiting for a gap before them.</summary>
    public int HeldCount => _held;

    /// <summary>Duplicates dropped (a packet already held, e.g. a retransmission of one that was only late).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Gaps given up on after <see cref="MaxHold"/>.</summary>
    public long GapsSkipped { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> time the oldest held packet is due, or null when nothing is held.</summary>
    public long? NextDeadline => _held > 0 ? FirstHeldAt() + _maxHoldTicks : null;

    /// <summary>Takes ownership of an arrived packet; read the ones ready with <see cref="TryTake"/>.</summary>
    public void Add(RtpPacket packet, long now)
    {
        ushort sequence = packet.SequenceNumber;
        if (!_started)
        {
            _started = true;
            _next = sequence;
        }

        int ahead = unchecked((short)(ushort)(sequence - _next));
        if (ahead < 0)
        {
            // Older than what already went on: a late packet or a retransmission that missed its gap.
            _ready.Enqueue((packet, false));
            return;
        }

        if (ahead >= _slots.Length)
        {
            // A jump further than the buffer: give up on everything before it.
            SkipHeld();
            _next = sequence;
        }

        int slot = sequence % _slots.Length;
        if (_slots[slot] is not null)
        {
            Duplicates++;
            packet.Release();
            return;
        }

        _slots[slot] = packet;
        _heldAt[slot] = now;
        _held++;
        MoveInOrder();
    }

    /// <summary>
    /// The next packet to forward, with whether it is in order (a late one is not): in-order packets at once, packets
    /// after a gap once the gap filled or they waited <see cref="MaxHold"/>. The caller owns what it takes.
    /// </summary>
    public bool TryTake(long now, out RtpPacket packet, out bool inOrder)
    {
        if (_ready.Count == 0 && _held > 0 && now - FirstHeldAt() >= _maxHoldTicks)
        {
            GapsSkipped++;
            _next = FirstHeldSequence();
            MoveInOrder();
        }

        if (_ready.TryDequeue(out var item))
        {
            (packet, inOrder) = item;
            return true;
        }

        packet = null!;
        inOrder = false;
        return false;
    }

    /// <summary>Releases every packet held or ready (the stream's SSRC changed, or its publisher left).</summary>
    public void Clear()
    {
        while (_ready.TryDequeue(out var item))
        {
            item.Packet.Release();
        }

        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i]?.Release();
            _slots[i] = null;
        }

        _held = 0;
        _started = false;
    }

    /// <summary>Moves the run of consecutive packets starting at the next expected one to the ready queue.</summary>
    private void MoveInOrder()
    {
        while (_held > 0)
        {
            int slot = _next % _slots.Length;
            var packet = _slots[slot];
            if (packet is null || packet.SequenceNumber != _next)
            {
                return;
            }

            _slots[slot] = null;
            _held--;
            _ready.Enqueue((packet, true));
            _next++;
        }
    }

    /// <summary>Every held packet goes on in sequence order, gaps and all.</summary>
    private void SkipHeld()
    {
        while (_held > 0)
        {
            _next = FirstHeldSequence();
            MoveInOrder();
        }
    }

    private ushort FirstHeldSequence()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            ushort sequence = unchecked((ushort)(_next + i));
            if (_slots[sequence % _slots.Length] is { } held && held.SequenceNumber == sequence)
            {
                return sequence;
            }
        }

        throw new InvalidOperationException("No packet is held.");
    }

    private long FirstHeldAt() => _heldAt[FirstHeldSequence() % _slots.Length];
}

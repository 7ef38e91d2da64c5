namespace Egress.WebRtc.Pacing;

/// <summary>
/// One viewer's FIFO of packets held back by pacing: a ring that grows by doubling (rarely, not per packet) and keeps
/// a running byte count. The owner serializes calls.
/// </summary>
internal sealed class PacingQueue
{
    private PacedPacket[] _items = new PacedPacket[16];
    private int _head;
    private int _count;

    /// <summary>Packets waiting.</summary>
    public int Count => _count;

    /// <summary>Bytes of source packets waiting.</summary>
    public long Bytes { get; private set; }

    /// <summary>The oldest packet (only when <see cref="Count"/> is not 0).</summary>
    public ref readonly PacedPacket Peek() => ref _items[_head];

    /// <summary>Appends a packet; the queue owns the caller's reference to it from here.</summary>
    public void Enqueue(in PacedPacket packet)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)] = packet;
        _count++;
        Bytes += packet.Source.Length;
    }

    /// <summary>Removes the oldest packet; the caller takes over its reference.</summary>
    public PacedPacket Dequeue()
    {
        var packet = _items[_head];
        _items[_head] = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        Bytes -= packet.Source.Length;
        return packet;
    }

    /// <summary>Releases every waiting packet (the viewer left).</summary>
    public void Clear()
    {
        while (_count > 0)
        {
            Dequeue().Source.Release();
        }
    }

    private void Grow()
    {
        var larger = new PacedPacket[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            larger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = larger;
        _head = 0;
    }
}

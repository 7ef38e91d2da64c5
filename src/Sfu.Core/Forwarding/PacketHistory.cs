using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The last packets of a track by sequence number, for retransmission: a fixed ring that holds a reference to each
/// packet until a newer one takes its slot. Written and read on the publisher's thread only.
/// </summary>
public sealed class PacketHistory
{
    private readonly RtpPacket?[] _slots;
    private readonly int _mask;

    /// <summary>
    /// Creates a history of <paramref name="capacity"/> packets, a power of two. The default 1024 keeps ≈ 4 s of
    /// 2.5 Mbit/s video and ≈ 1 s at 10 Mbit/s, in ≈ 1.6 MB of pooled buffers per video track.
    /// </summary>
    public PacketHistory(int capacity = 1024)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be a power of two");
        }

        _slots = new RtpPacket?[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Packets held.</summary>
    public int Count => _slots.Count(p => p is not null);

    /// <summary>Keeps <paramref name="packet"/> (retaining it), releasing whatever held its slot.</summary>
    public void Add(RtpPacket packet)
    {
        ref var slot = ref _slots[packet.SequenceNumber & _mask];
        packet.Retain();
        slot?.Release();
        slot = packet;
    }

    /// <summary>The packet with this sequence number, if it is still held (not retained for the caller).</summary>
    public bool TryGet(ushort sequenceNumber, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RtpPacket? packet)
    {
        packet = _slots[sequenceNumber & _mask];
        if (packet is not null && packet.SequenceNumber == sequenceNumber)
        {
            return true;
        }

        packet = null;
        return false;
    }

    /// <summary>Releases every packet held.</summary>
    public void Clear()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i]?.Release();
            _slots[i] = null;
        }
    }
}

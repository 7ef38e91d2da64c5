using System.Collections.Concurrent;

namespace Sfu.Core.Rtp;

/// <summary>A bounded pool of <see cref="RtpPacket"/> buffers sized for one UDP datagram.</summary>
public sealed class RtpPacketPool
{
    /// <summary>Buffer size: room for a 1500-byte MTU datagram plus SRTP auth tag headroom.</summary>
    public const int DefaultPacketCapacity = 1600;

    private readonly ConcurrentQueue<RtpPacket> _free = new();
    private readonly int _maxPooled;
    private int _pooled;

    /// <summary>Creates a pool that keeps at most <paramref name="maxPooled"/> idle packets.</summary>
    public RtpPacketPool(int maxPooled = 65536, int packetCapacity = DefaultPacketCapacity)
    {
        _maxPooled = maxPooled;
        PacketCapacity = packetCapacity;
    }

    /// <summary>The process-wide pool used when no other is configured.</summary>
    public static RtpPacketPool Shared { get; } = new();

    /// <summary>Size of each packet buffer.</summary>
    public int PacketCapacity { get; }

    /// <summary>Gets a packet with one reference held by the caller.</summary>
    public RtpPacket Rent()
    {
        if (_free.TryDequeue(out var packet))
        {
            Interlocked.Decrement(ref _pooled);
        }
        else
        {
            packet = new RtpPacket(this, PacketCapacity);
        }

        packet.ResetForRent();
        return packet;
    }

    internal void Return(RtpPacket packet)
    {
        if (Interlocked.Increment(ref _pooled) <= _maxPooled)
        {
            _free.Enqueue(packet);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }
}

using System.Buffers.Binary;

namespace Sfu.Core.Rtp;

/// <summary>A pooled, reference-counted RTP packet: parsed once, shared by every subscriber.</summary>
/// <remarks>
/// The buffer comes from an <see cref="RtpPacketPool"/>; holders call <see cref="Retain"/> before keeping
/// the packet beyond the call that handed it to them and <see cref="Release"/> when done, so the
/// forwarding path never allocates per packet.
/// </remarks>
public sealed class RtpPacket
{
    /// <summary>Size of the fixed RTP header without CSRCs or extensions (RFC 3550 §5.1).</summary>
    public const int FixedHeaderSize = 12;

    private readonly RtpPacketPool? _pool;
    private int _references;

    internal RtpPacket(RtpPacketPool? pool, int capacity)
    {
        _pool = pool;
        Buffer = new byte[capacity];
    }

    /// <summary>Backing storage; only the first <see cref="Length"/> bytes are the packet.</summary>
    public byte[] Buffer { get; }

    /// <summary>Number of bytes of <see cref="Buffer"/> that hold the packet.</summary>
    public int Length { get; set; }

    /// <summary>Monotonic arrival time (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>) at ingest.</summary>
    public long ArrivalTimestamp { get; set; }

    /// <summary>True for packets that start a decodable picture (a keyframe's first packet).</summary>
    public bool IsKeyframeStart { get; set; }

    /// <summary>The whole packet.</summary>
    public Span<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>RTP payload type (7 bits).</summary>
    public byte PayloadType
    {
        get => (byte)(Buffer[1] & 0x7F);
        set => Buffer[1] = (byte)((Buffer[1] & 0x80) | (value & 0x7F));
    }

    /// <summary>Marker bit: last packet of a video access unit.</summary>
    public bool Marker
    {
        get => (Buffer[1] & 0x80) != 0;
        set => Buffer[1] = (byte)(value ? Buffer[1] | 0x80 : Buffer[1] & 0x7F);
    }

    /// <summary>RTP sequence number.</summary>
    public ushort SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(Buffer.AsSpan(2));
        set => BinaryPrimitives.WriteUInt16BigEndian(Buffer.AsSpan(2), value);
    }

    /// <summary>RTP media timestamp.</summary>
    public uint Timestamp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(Buffer.AsSpan(4));
        set => BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(4), value);
    }

    /// <summary>Synchronisation source.</summary>
    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(Buffer.AsSpan(8));
        set => BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(8), value);
    }

    /// <summary>Offset of the payload: after CSRCs and the header extension, if any.</summary>
    public int PayloadOffset
    {
        get
        {
            int offset = FixedHeaderSize + ((Buffer[0] & 0x0F) * 4);
            if ((Buffer[0] & 0x10) != 0)
            {
                int words = BinaryPrimitives.ReadUInt16BigEndian(Buffer.AsSpan(offset + 2));
                offset += 4 + (words * 4);
            }

            return offset;
        }
    }

    /// <summary>The payload, excluding padding.</summary>
    public Span<byte> Payload
    {
        get
        {
            int offset = PayloadOffset;
            int padding = (Buffer[0] & 0x20) != 0 ? Buffer[Length - 1] : 0;
            return Buffer.AsSpan(offset, Length - offset - padding);
        }
    }

    /// <summary>Writes a version-2 fixed header with no CSRCs, extension or padding; returns its size.</summary>
    public int WriteHeader(byte payloadType, bool marker, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        Buffer[0] = 0x80;
        Buffer[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(Buffer.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(8), ssrc);
        return FixedHeaderSize;
    }

    /// <summary>Adds a reference; every holder releases exactly once.</summary>
    public RtpPacket Retain()
    {
        Interlocked.Increment(ref _references);
        return this;
    }

    /// <summary>Drops a reference; the last one returns the packet to its pool.</summary>
    public void Release()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _pool?.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("RtpPacket released more often than retained.");
        }
    }

    internal void ResetForRent()
    {
        _references = 1;
        Length = 0;
        ArrivalTimestamp = 0;
        IsKeyframeStart = false;
    }
}

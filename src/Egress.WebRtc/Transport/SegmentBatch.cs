using System.Net;

namespace Egress.WebRtc.Transport;

/// <summary>
/// One thread's datagrams for one destination, held while a viewer's share of an access unit is written, then sent
/// in one UDP GSO system call. Segments must share the first one's size; only the last may be shorter.
/// </summary>
/// <remarks>
/// Thread-static in the sender (a publisher's thread writes one viewer's frame, then the next viewer's), so it costs
/// one 60 KB buffer per sending thread, not per viewer. Nothing stays in it past the end of a batch.
/// </remarks>
internal sealed class SegmentBatch
{
    private readonly byte[] _buffer = new byte[UdpSegmentSender.MaxBytes];
    private SocketAddress? _destination;
    private IDatagramSender? _sender;
    private int _segmentSize;
    private int _count;
    private int _length;

    /// <summary>Nesting of open batches on this thread; datagrams are held only while it is above zero.</summary>
    public int Depth { get; set; }

    /// <summary>Adds a datagram; sends what is held first when it cannot join them.</summary>
    public void Append(IDatagramSender sender, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (_count > 0 && (!ReferenceEquals(destination, _destination) || !ReferenceEquals(sender, _sender)
            || datagram.Length > _segmentSize || _count == UdpSegmentSender.MaxSegments || _length + datagram.Length > _buffer.Length))
        {
            Flush();
        }

        if (datagram.Length > _buffer.Length)
        {
            sender.SendTo(datagram, destination);
            return;
        }

        if (_count == 0)
        {
            _destination = destination;
            _sender = sender;
            _segmentSize = datagram.Length;
        }

        datagram.CopyTo(_buffer.AsSpan(_length));
        _length += datagram.Length;
        _count++;

        // A shorter datagram can only be the last segment.
        if (datagram.Length < _segmentSize)
        {
            Flush();
        }
    }

    /// <summary>
    /// Sends what is held, through the sender that gave it: one datagram as it is, several as one segmented send.
    /// The batch is empty afterwards even if the send throws.
    /// </summary>
    public void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        try
        {
            if (_count == 1)
            {
                _sender!.SendTo(_buffer.AsSpan(0, _length), _destination!);
            }
            else
            {
                _sender!.SendSegments(_buffer.AsSpan(0, _length), _segmentSize, _destination!);
            }
        }
        finally
        {
            _count = 0;
            _length = 0;
            _destination = null;
            _sender = null;
        }
    }
}

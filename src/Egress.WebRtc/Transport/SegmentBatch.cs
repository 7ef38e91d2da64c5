using System.Net;

namespace Egress.WebRtc.Transport;

/// <summary>
/// One thread's datagrams for one destination, held while a viewer's share of an access unit is written, then sent
/// in one system call: runs of equal-sized datagrams, each run one UDP GSO message, all of them in one <c>sendmmsg</c>.
/// </summary>
/// <remarks>
/// Thread-static in the sender (a publisher's thread writes one viewer's frame, then the next viewer's), so it costs
/// one 60 KB buffer per sending thread, not per viewer. Nothing stays in it past the end of a batch.
/// An encoder's frame is often several slices (x264's zero-latency tuning cuts each frame into one per thread), and
/// each slice ends in a shorter packet that GSO can only take as the last of a run; runs let one call carry them all.
/// </remarks>
internal sealed class SegmentBatch
{
    /// <summary>Most runs one batch holds before it is sent.</summary>
    public const int MaxRuns = 8;

    private readonly byte[] _buffer = new byte[UdpSegmentSender.MaxBytes];
    private readonly SegmentRun[] _runs = new SegmentRun[MaxRuns];
    private SocketAddress? _destination;
    private IDatagramSender? _sender;
    private int _runCount;
    private int _length;

    // The open run's datagram count, and whether a shorter datagram has ended it.
    private int _runDatagrams;
    private bool _runClosed;

    /// <summary>Nesting of open batches on this thread; datagrams are held only while it is above zero.</summary>
    public int Depth { get; set; }

    /// <summary>Adds a datagram; sends what is held first when it cannot join them.</summary>
    public void Append(IDatagramSender sender, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (_runCount > 0 && (!ReferenceEquals(destination, _destination) || !ReferenceEquals(sender, _sender)
            || _length + datagram.Length > _buffer.Length
            || (_runCount == MaxRuns && !FitsOpenRun(datagram.Length))))
        {
            Flush();
        }

        if (datagram.Length > _buffer.Length)
        {
            sender.SendTo(datagram, destination);
            return;
        }

        if (_runCount == 0)
        {
            _destination = destination;
            _sender = sender;
        }

        if (_runCount == 0 || !FitsOpenRun(datagram.Length))
        {
            _runs[_runCount++] = new SegmentRun(_length, 0, datagram.Length);
            _runDatagrams = 0;
            _runClosed = false;
        }

        ref var run = ref _runs[_runCount - 1];
        datagram.CopyTo(_buffer.AsSpan(_length));
        _length += datagram.Length;
        run = run with { Length = run.Length + datagram.Length };
        _runDatagrams++;

        // A shorter datagram can only be the last segment of its run.
        _runClosed = datagram.Length < run.SegmentSize;
    }

    /// <summary>
    /// Sends what is held, through the sender that gave it: one datagram as it is, one run as one segmented send,
    /// several runs together. The batch is empty afterwards even if the send throws.
    /// </summary>
    public void Flush()
    {
        if (_runCount == 0)
        {
            return;
        }

        try
        {
            if (_runCount > 1)
            {
                _sender!.SendSegmentRuns(_buffer.AsSpan(0, _length), _runs.AsSpan(0, _runCount), _destination!);
            }
            else if (_runDatagrams == 1)
            {
                _sender!.SendTo(_buffer.AsSpan(0, _length), _destination!);
            }
            else
            {
                _sender!.SendSegments(_buffer.AsSpan(0, _length), _runs[0].SegmentSize, _destination!);
            }
        }
        finally
        {
            _runCount = 0;
            _length = 0;
            _runDatagrams = 0;
            _destination = null;
            _sender = null;
        }
    }

    private bool FitsOpenRun(int length) =>
        _runCount > 0 && !_runClosed && length <= _runs[_runCount - 1].SegmentSize && _runDatagrams < UdpSegmentSender.MaxSegments;
}

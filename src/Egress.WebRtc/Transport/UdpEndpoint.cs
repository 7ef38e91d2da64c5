using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Egress.WebRtc.Transport;

/// <summary>The one UDP socket all peers share: a receive loop that hands datagrams on, and allocation-free sends.</summary>
public sealed class UdpEndpoint : IDatagramSender, IAsyncDisposable
{
    private const int MaxDatagram = 2048;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private Thread? _receiveThread;
    private volatile bool _stopping;
    private long _sendErrors;
    private long _segmentedSends;
    private long _segmentedDatagrams;
    private volatile bool _segmentationUnavailable;
    private int _segmentationRefusals;

    /// <summary>Refused segmented sends in a row after which GSO is taken as unsupported here.</summary>
    private const int MaxSegmentationRefusals = 16;

    /// <summary>Binds the socket.</summary>
    public UdpEndpoint(IPEndPoint bind, ILogger logger)
    {
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.SendBufferSize = 4 * 1024 * 1024;
        try
        {
            _socket.Bind(bind);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            _socket.Dispose();
            throw new InvalidOperationException(
                $"UDP port {bind.Port} on {bind.Address} is already in use by another process; set Sfu:WebRtc:Port to a free port.", ex);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams the kernel refused to send (buffer full, unreachable).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Starts receiving into <paramref name="handler"/> on a dedicated thread.</summary>
    /// <remarks>
    /// Blocking receives on their own thread, not async ones: a socket with a pending async receive switches .NET to
    /// its non-blocking path for every synchronous send too, which measured almost twice as slow per datagram.
    /// </remarks>
    public void Start(IDatagramHandler handler)
    {
        _receiveThread = new Thread(() => ReceiveLoop(handler)) { IsBackground = true, Name = $"udp/{LocalEndPoint.Port} receive" };
        _receiveThread.Start();
    }

    /// <inheritdoc/>
    public void SendTo(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (SocketException)
        {
            // A full send buffer or an ICMP-unreachable peer: UDP media is lossy by design; NACK and PLI recover.
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Segmented (GSO) sends made, each carrying several datagrams.</summary>
    public long SegmentedSends => Interlocked.Read(ref _segmentedSends);

    /// <summary>Datagrams that went out inside segmented sends.</summary>
    public long SegmentedDatagrams => Interlocked.Read(ref _segmentedDatagrams);

    /// <inheritdoc/>
    public void SendSegments(ReadOnlySpan<byte> data, int segmentSize, SocketAddress destination)
    {
        var run = new SegmentRun(0, data.Length, segmentSize);
        SendSegmentRuns(data, new ReadOnlySpan<SegmentRun>(in run), destination);
    }

    /// <inheritdoc/>
    public void SendSegmentRuns(ReadOnlySpan<byte> data, ReadOnlySpan<SegmentRun> runs, SocketAddress destination)
    {
        int done = 0;
        if (!_segmentationUnavailable)
        {
            bool added = false;
            var handle = _socket.SafeHandle;
            try
            {
                handle.DangerousAddRef(ref added);
                int sent = UdpSegmentSender.TrySendRuns(handle.DangerousGetHandle(), data, runs, destination, out int errno);
                if (sent > 0)
                {
                    done = sent;
                    Interlocked.Exchange(ref _segmentationRefusals, 0);
                    Interlocked.Increment(ref _segmentedSends);
                    foreach (var run in runs[..sent])
                    {
                        Interlocked.Add(ref _segmentedDatagrams, run.Count);
                    }
                }
                else if (!IsSegmentationRefusal(errno))
                {
                    foreach (var run in runs)
                    {
                        Interlocked.Add(ref _sendErrors, run.Count);
                    }

                    return;
                }
                else if (Interlocked.Increment(ref _segmentationRefusals) >= MaxSegmentationRefusals)
                {
                    // This kernel cannot segment, or only this route (a smaller MTU, no checksum offload): this send
                    // goes one datagram at a time below, and only a run of refusals turns GSO off.
                    _segmentationUnavailable = true;
                    _logger.LogWarning("UDP segmentation offload refused {Count} times in a row (errno {Errno}); sending one datagram per system call from now on", MaxSegmentationRefusals, errno);
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        // What the kernel did not take (it stopped part-way, or cannot segment here) goes one datagram at a time.
        foreach (var run in runs[done..])
        {
            for (int offset = run.Offset; offset < run.Offset + run.Length; offset += run.SegmentSize)
            {
                SendTo(data.Slice(offset, Math.Min(run.SegmentSize, run.Offset + run.Length - offset)), destination);
            }
        }
    }

    /// <summary>EIO, EINVAL, ENOPROTOOPT: the kernel or this route cannot segment (other errors are the send's own).</summary>
    private static bool IsSegmentationRefusal(int errno) => errno is 5 or 22 or 92;

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _stopping = true;
        _socket.Dispose();
        _receiveThread?.Join(TimeSpan.FromSeconds(5));
        return ValueTask.CompletedTask;
    }

    private void ReceiveLoop(IDatagramHandler handler)
    {
        var buffer = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
        var source = new SocketAddress(_socket.AddressFamily);
        while (!_stopping)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }
            catch (SocketException) when (_stopping)
            {
                return;
            }

            try
            {
                handler.OnDatagram(buffer.AsSpan(0, received), source);
            }
            catch (Exception ex)
            {
                // One peer's bad datagram must never stop the loop every other peer depends on.
                _logger.LogError(ex, "Unhandled error processing a datagram from {Source}", source);
            }
        }
    }
}

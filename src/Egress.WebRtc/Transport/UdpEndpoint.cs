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
    private readonly CancellationTokenSource _stopping = new();
    private Task? _receiveLoop;
    private long _sendErrors;

    /// <summary>Binds the socket.</summary>
    public UdpEndpoint(IPEndPoint bind, ILogger logger)
    {
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.SendBufferSize = 4 * 1024 * 1024;
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams the kernel refused to send (buffer full, unreachable).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Starts receiving into <paramref name="handler"/>.</summary>
    public void Start(IDatagramHandler handler) => _receiveLoop = Task.Run(() => ReceiveLoopAsync(handler, _stopping.Token));

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

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync(IDatagramHandler handler, CancellationToken stopping)
    {
        var buffer = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
        var source = new SocketAddress(_socket.AddressFamily);
        while (!stopping.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, source, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
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

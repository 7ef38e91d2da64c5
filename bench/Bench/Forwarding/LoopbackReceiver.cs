using System.Net;
using System.Net.Sockets;

namespace Bench.Forwarding;

/// <summary>
/// Stands in for viewers in forwarding benchmarks: a loopback UDP socket drained by its own thread, so sends measure
/// the sender's cost and never block on a full receive buffer.
/// </summary>
public sealed class LoopbackReceiver : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _drain;
    private volatile bool _stop;

    /// <summary>Binds 127.0.0.1 on a free port and starts draining.</summary>
    public LoopbackReceiver()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Address = _socket.LocalEndPoint!.Serialize();
        _drain = new Thread(Drain) { IsBackground = true };
        _drain.Start();
    }

    /// <summary>Where to send.</summary>
    public SocketAddress Address { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop = true;
        _socket.Dispose();
    }

    private void Drain()
    {
        var buffer = new byte[2048];
        while (!_stop)
        {
            try
            {
                _socket.Receive(buffer);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using EndToEnd.Infrastructure;

namespace EndToEnd.Impairment;

/// <summary>
/// A loopback UDP socket with a receive thread that records every datagram with its arrival time, and
/// optionally echoes it back; it plays both the test server and the test client.
/// </summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly bool _echo;
    private readonly List<Received> _received = [];
    private volatile bool _disposed;

    public UdpPeer(bool echo = false)
    {
        _echo = echo;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "test-peer" };
        _thread.Start();
    }

    public IPEndPoint EndPoint { get; }

    public int Count
    {
        get
        {
            lock (_received)
            {
                return _received.Count;
            }
        }
    }

    public IReadOnlyList<Received> Snapshot()
    {
        lock (_received)
        {
            return [.. _received];
        }
    }

    public void SendTo(ReadOnlySpan<byte> datagram, IPEndPoint destination) =>
        _socket.SendTo(datagram, SocketFlags.None, destination);

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(1));
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref any);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                {
                    return;
                }

                continue;
            }

            var timestamp = Stopwatch.GetTimestamp();
            var from = (IPEndPoint)any;
            if (_echo)
            {
                _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
            }

            lock (_received)
            {
                _received.Add(new Received(buffer.AsSpan(0, length).ToArray(), from, timestamp));
            }
        }
    }

    /// <summary>One datagram as it arrived.</summary>
    internal sealed record Received(byte[] Data, IPEndPoint From, long Timestamp);
}

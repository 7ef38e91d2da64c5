using System.Net;
using System.Net.Sockets;

namespace EndToEnd.Infrastructure;

/// <summary>
/// A userspace UDP relay on loopback that emulates a bad network between WebRTC clients and a server, for
/// end-to-end tests on machines whose kernel has no <c>netem</c> qdisc.
/// </summary>
/// <remarks>
/// Clients send to <see cref="ListenEndPoint"/>. Each distinct client address gets its own upstream socket,
/// so the server sees one 5-tuple per client, as it would with real browsers; the server's replies on that
/// socket are relayed back to the client from the listening socket. "Upstream" is client to server,
/// "downstream" is server to client. Receiving uses dedicated threads with blocking calls, so timing does
/// not depend on the thread pool, which the code under test may be saturating.
/// </remarks>
public sealed class UdpImpairmentProxy : IDisposable
{
    /// <summary>Large enough for any UDP datagram, so nothing is ever truncated on the way through.</summary>
    private const int MaxDatagramLength = 65536;

    /// <summary>How long <see cref="Dispose"/> waits for each thread; a well-behaved shutdown takes far less.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(1);

    private readonly Socket _listenSocket;
    private readonly SocketAddress _serverAddress;
    private readonly ImpairmentLine _upstreamLine;
    private readonly ImpairmentLine _downstreamLine;
    private readonly Thread _listenThread;
    private readonly Dictionary<SocketAddress, ClientSession> _sessions = [];
    private readonly Lock _sessionsGate = new();
    private volatile bool _disposed;

    private UdpImpairmentProxy(IPEndPoint server, ImpairmentProfile downstream, ImpairmentProfile upstream)
    {
        ServerEndPoint = server;
        _serverAddress = server.Serialize();
        _listenSocket = CreateLoopbackSocket(server.AddressFamily);
        ListenEndPoint = (IPEndPoint)_listenSocket.LocalEndPoint!;
        _upstreamLine = new ImpairmentLine("impairment-upstream-scheduler", upstream, Upstream);
        _downstreamLine = new ImpairmentLine("impairment-downstream-scheduler", downstream, Downstream);
        _listenThread = new Thread(ListenLoop)
        {
            Name = "impairment-listen",
            IsBackground = true,
        };
        _listenThread.Start();
    }

    /// <summary>The loopback address and port the clients send to.</summary>
    public IPEndPoint ListenEndPoint { get; }

    /// <summary>The server every client's datagrams are relayed to.</summary>
    public IPEndPoint ServerEndPoint { get; }

    /// <summary>Counts of the server-to-client direction.</summary>
    public ImpairmentCounters Downstream { get; } = new();

    /// <summary>Counts of the client-to-server direction.</summary>
    public ImpairmentCounters Upstream { get; } = new();

    /// <summary>The profile currently applied to server-to-client datagrams.</summary>
    public ImpairmentProfile DownstreamProfile => _downstreamLine.Profile;

    /// <summary>The profile currently applied to client-to-server datagrams.</summary>
    public ImpairmentProfile UpstreamProfile => _upstreamLine.Profile;

    /// <summary>How many distinct client addresses have been seen, i.e. how many upstream sockets are open.</summary>
    public int ClientCount
    {
        get
        {
            lock (_sessionsGate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Every thread the proxy started, so a test can check that <see cref="Dispose"/> ended them.</summary>
    internal IReadOnlyList<Thread> Threads
    {
        get
        {
            lock (_sessionsGate)
            {
                return [_listenThread, _upstreamLine.Thread, _downstreamLine.Thread, .. _sessions.Values.Select(s => s.Thread)];
            }
        }
    }

    /// <summary>A UDP port free on loopback now, for a server whose media port the proxy fronts.</summary>
    public static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Binds a proxy on 127.0.0.1 (or ::1 for an IPv6 server) at an ephemeral port and starts relaying to
    /// <paramref name="server"/>.
    /// </summary>
    /// <param name="server">The server's endpoint, normally on loopback.</param>
    /// <param name="downstream">The impairment of server-to-client datagrams.</param>
    /// <param name="upstream">The impairment of client-to-server datagrams.</param>
    public static UdpImpairmentProxy Start(IPEndPoint server, ImpairmentProfile downstream, ImpairmentProfile upstream)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(downstream);
        ArgumentNullException.ThrowIfNull(upstream);
        return new UdpImpairmentProxy(server, downstream, upstream);
    }

    /// <summary>
    /// Changes the server-to-client impairment for datagrams arriving from now on, e.g. to switch a rate cap
    /// on or off in the middle of a test.
    /// </summary>
    public void SetDownstream(ImpairmentProfile profile)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _downstreamLine.SetProfile(profile);
    }

    /// <summary>Changes the client-to-server impairment for datagrams arriving from now on.</summary>
    public void SetUpstream(ImpairmentProfile profile)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _upstreamLine.SetProfile(profile);
    }

    /// <summary>
    /// Closes every socket and waits for every thread to end; datagrams still in the delay lines are
    /// discarded, as if the link had been cut.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ClientSession[] sessions;
        lock (_sessionsGate)
        {
            sessions = [.. _sessions.Values];
        }

        // Closing a socket makes its blocked ReceiveFrom throw, which is how the receive threads learn to stop.
        _listenSocket.Dispose();
        foreach (var session in sessions)
        {
            session.Socket.Dispose();
        }

        _upstreamLine.Dispose();
        _downstreamLine.Dispose();
        _listenThread.Join(JoinTimeout);
        foreach (var session in sessions)
        {
            session.Thread.Join(JoinTimeout);
        }
    }

    private static Socket CreateLoopbackSocket(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            var loopback = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            socket.Bind(new IPEndPoint(loopback, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        // ReceiveFrom overwrites its SocketAddress in place, so a stored key must be a copy.
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    private void ListenLoop()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramLength);
        var from = new SocketAddress(_listenSocket.AddressFamily);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _listenSocket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                {
                    return;
                }

                // A transient error (e.g. an ICMP error reported on the socket) must not kill the relay.
                continue;
            }

            var session = GetOrCreateSession(from);
            if (session is null)
            {
                return;
            }

            _upstreamLine.Submit(buffer.AsSpan(0, length), session.Socket, _serverAddress);
        }
    }

    private ClientSession? GetOrCreateSession(SocketAddress client)
    {
        lock (_sessionsGate)
        {
            // Checked under the lock so that Dispose, which snapshots the sessions under it, misses none.
            if (_disposed)
            {
                return null;
            }

            if (_sessions.TryGetValue(client, out var existing))
            {
                return existing;
            }

            var clientAddress = Copy(client);
            var socket = CreateLoopbackSocket(ServerEndPoint.AddressFamily);
            var thread = new Thread(() => RelayDownstream(socket, clientAddress))
            {
                Name = $"impairment-client-{_sessions.Count}",
                IsBackground = true,
            };
            var session = new ClientSession(clientAddress, socket, thread);
            _sessions.Add(clientAddress, session);
            thread.Start();
            return session;
        }
    }

    private void RelayDownstream(Socket socket, SocketAddress client)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramLength);
        var from = new SocketAddress(socket.AddressFamily);
        while (!_disposed)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                {
                    return;
                }

                continue;
            }

            // Only the server's replies are relayed: the upstream socket stands for the client's port in a
            // NAT-less path, and anything else reaching it is not part of the session under test.
            if (from.Equals(_serverAddress))
            {
                _downstreamLine.Submit(buffer.AsSpan(0, length), _listenSocket, client);
            }
        }
    }

    private sealed record ClientSession(SocketAddress ClientAddress, Socket Socket, Thread Thread);
}

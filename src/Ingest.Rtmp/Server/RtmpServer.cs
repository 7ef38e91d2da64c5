using System.Net;
using System.Net.Sockets;
using Ingest.Rtmp.Auth;
using Microsoft.Extensions.Logging;
using Sfu.Core.Rtp;
using Sfu.Core.Sessions;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Server;

/// <summary>Accepts RTMP encoders on a TCP port and runs one <see cref="RtmpConnection"/> per client.</summary>
public sealed class RtmpServer : IAsyncDisposable
{
    private readonly RtmpServerOptions _options;
    private readonly StreamRegistry _registry;
    private readonly IPublishAuthorizer _authorizer;
    private readonly RtpPacketPool _packetPool;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SessionRegistry? _sessions;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<long, Task> _connections = [];
    private Socket? _listener;
    private Task? _acceptLoop;
    private long _nextConnectionId;
    private int _disposed;

    /// <summary>Creates a server; call <see cref="Start"/> to listen.</summary>
    public RtmpServer(RtmpServerOptions options, StreamRegistry registry, IPublishAuthorizer authorizer, ILoggerFactory loggerFactory, RtpPacketPool? packetPool = null, SessionRegistry? sessions = null)
    {
        _sessions = sessions;
        _options = options;
        _registry = registry;
        _authorizer = authorizer;
        _loggerFactory = loggerFactory;
        _packetPool = packetPool ?? RtpPacketPool.Shared;
        _logger = loggerFactory.CreateLogger<RtmpServer>();
    }

    /// <summary>The bound address (useful with port 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("The RTMP server is not started."));

    /// <summary>Connections open now.</summary>
    public int ActiveConnections
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Binds the port and starts accepting.</summary>
    public void Start()
    {
        var address = IPAddress.Parse(_options.ListenAddress);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(address, _options.Port));
        listener.Listen(512);
        _listener = listener;
        _logger.LogInformation("RTMP ingest listening on rtmp://{Endpoint}/{App}/{{streamKey}}", listener.LocalEndPoint, _options.Application);
        _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
    }

    /// <summary>Stops accepting, closes every connection and waits for them to finish; later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] running;
        lock (_connections)
        {
            running = [.. _connections.Values];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning(ex, "RTMP accept failed");
                continue;
            }

            long id = Interlocked.Increment(ref _nextConnectionId);
            lock (_connections)
            {
                if (_connections.Count >= _options.MaxConnections)
                {
                    _logger.LogWarning("RTMP connection {Id} from {Remote} refused: {Max} connections already open", id, client.RemoteEndPoint, _options.MaxConnections);
                    client.Dispose();
                    continue;
                }

                _connections[id] = RunConnectionAsync(id, client, stopping);
            }
        }
    }

    private async Task RunConnectionAsync(long id, Socket client, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            var connection = new RtmpConnection(id, client, _options, _registry, _authorizer, _packetPool, _loggerFactory.CreateLogger<RtmpConnection>(), _sessions);
            await connection.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "RTMP connection {Id} failed unexpectedly", id);
        }
        finally
        {
            lock (_connections)
            {
                _connections.Remove(id);
            }
        }
    }
}

using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Sfu.Core.Relay;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace ControlPlane.Cluster;

/// <summary>
/// One stream pulled from its origin over the relay WebSocket and published here as a local stream, so this node's
/// viewers play it as if it were published here. Ends when the origin's stream ends, the link breaks, or no local
/// viewer has watched it for the linger time.
/// </summary>
internal sealed class RelayPull
{
    private readonly string _streamName;
    private readonly NodeRecord _origin;
    private readonly ClusterNode _node;
    private readonly StreamRegistry _registry;
    private readonly RelayMetrics _metrics;
    private readonly RtpPacketPool _pool;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<byte[]> _upstream = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();

    public RelayPull(string streamName, NodeRecord origin, ClusterNode node, StreamRegistry registry, RelayMetrics metrics, RtpPacketPool pool, ILogger logger)
    {
        _streamName = streamName;
        _origin = origin;
        _node = node;
        _registry = registry;
        _metrics = metrics;
        _pool = pool;
        _logger = logger;
    }

    /// <summary>Completes with true once the origin described a video track, false if the relay could not start.</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>The pull's whole life; completes when it ended.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts pulling (once).</summary>
    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>Stops the pull; the local stream ends.</summary>
    public void Stop() => _stop.Cancel();

    private async Task RunAsync()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + RelayToken.Create(_node.Options.Secret!, _streamName, DateTimeOffset.UtcNow));
        // Pings the origin must answer: a half-open link (the origin's machine gone) ends the relay within seconds.
        socket.Options.KeepAliveInterval = RelayServer.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = RelayServer.KeepAliveTimeout;
        Uri? uri = null;
        try
        {
            uri = new Uri(ToWebSocket(_origin.InternalUrl) + "/internal/relay/" + Uri.EscapeDataString(_streamName));
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            connecting.CancelAfter(_node.Options.RelayStartTimeout);
            await socket.ConnectAsync(uri, connecting.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException or UriFormatException)
        {
            _logger.LogWarning("Relay of {Stream} from node {Origin} ({Uri}) could not start: {Reason}", _streamName, _origin.Id, uri?.ToString() ?? _origin.InternalUrl, ex.Message);
            _ready.TrySetResult(false);
            return;
        }

        if (!_registry.TryStart(_streamName, new PublisherEndpoint(RelayPublisher.Protocol, _origin.Id), out var stream))
        {
            _logger.LogWarning("Relay of {Stream} not started: the name was published on this node meanwhile", _streamName);
            _ready.TrySetResult(false);
            await RelayClose.CloseAsync(socket, "published locally").ConfigureAwait(false);
            return;
        }

        _metrics.AddPull(1);
        _logger.LogInformation("Relay of {Stream} from node {Origin} started", _streamName, _origin.Id);
        var ingest = new RelayIngest(stream, request => _upstream.Writer.TryWrite(request), _pool, transit => _metrics.Transit.Record(transit / 1e6));
        string reason = "stopped";
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var receiving = ReceiveAsync(socket, ingest, stopReceiving.Token);
        var sending = SendAsync(socket, stopSending.Token);
        var lingering = WatchViewersAsync(stream, _stop.Token);
        try
        {
            reason = await await Task.WhenAny(receiving, sending, lingering).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            reason = $"relay failed: {ex.Message}";
            _logger.LogError(ex, "Relay of {Stream} from node {Origin} failed", _streamName, _origin.Id);
        }
        finally
        {
            try
            {
                // Send side first (one sender at a time), then the close frame, then the receive side.
                await stopSending.CancelAsync().ConfigureAwait(false);
                await Quietly(sending).ConfigureAwait(false);
                await RelayClose.CloseAsync(socket, reason).ConfigureAwait(false);
                await stopReceiving.CancelAsync().ConfigureAwait(false);
                await Quietly(receiving).ConfigureAwait(false);
                await _stop.CancelAsync().ConfigureAwait(false);
                await Quietly(lingering).ConfigureAwait(false);
            }
            finally
            {
                // Whatever the close did, the local stream ends so a later pull of the name can start.
                _ready.TrySetResult(false);
                _registry.End(stream);
                _metrics.AddPull(-1);
            }
        }

        var transit = ingest.Transit.Snapshot();
        double p50 = transit.PercentileMicroseconds(0.5), p99 = transit.PercentileMicroseconds(0.99);
        _logger.LogInformation(
            "Relay of {Stream} from node {Origin} ended: {Reason}; {Packets} packets, transit p50 {P50} µs p99 {P99} µs",
            _streamName,
            _origin.Id,
            reason,
            ingest.Packets,
            p50,
            p99);
    }

    /// <summary>Largest relay message taken (a keyframe access unit is far smaller); larger ends the relay.</summary>
    private const int MaxMessage = 8 * 1024 * 1024;

    private async Task<string> ReceiveAsync(ClientWebSocket socket, RelayIngest ingest, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            while (true)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (length >= MaxMessage)
                        {
                            return $"relay message over {MaxMessage} bytes";
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return $"origin closed the relay ({socket.CloseStatusDescription ?? "no reason"})";
                }

                _metrics.AddPulled(length);
                if (!ingest.OnMessage(buffer.AsSpan(0, length), out var error))
                {
                    _logger.LogWarning("Relay of {Stream} from node {Origin} closed: {Error}", _streamName, _origin.Id, error);
                    return error!;
                }

                if (ingest.HasVideo)
                {
                    _ready.TrySetResult(true);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
        catch (WebSocketException ex)
        {
            return $"link to the origin broke ({ex.Message})";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever a message did to the local stream, the relay ends here with the reason, not silently.
            _logger.LogError(ex, "Relay of {Stream} from node {Origin}: a message could not be handled", _streamName, _origin.Id);
            return $"message could not be handled ({ex.GetType().Name}: {ex.Message})";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<string> SendAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _upstream.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(message, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            }

            return "upstream closed";
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
        catch (WebSocketException ex)
        {
            return $"link to the origin broke ({ex.Message})";
        }
    }

    /// <summary>Ends the pull once no local viewer has watched for the linger time.</summary>
    private async Task<string> WatchViewersAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        var idleSince = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (stream.Tracks.Any(t => t.PacketSinkCount > 0))
                {
                    idleSince = DateTimeOffset.UtcNow;
                }
                else if (DateTimeOffset.UtcNow - idleSince >= _node.Options.RelayLinger)
                {
                    return $"no viewers here for {_node.Options.RelayLinger.TotalSeconds:0} s";
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return "stopped";
    }

    private static async Task Quietly(Task<string> task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private static string ToWebSocket(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + url[8..]
        : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "ws://" + url[7..]
        : url;
}

using System.Net.WebSockets;
using Sfu.Core.Relay;
using Sfu.Core.Streams;

namespace ControlPlane.Cluster;

/// <summary>
/// The origin's relay endpoint, <c>GET /internal/relay/{stream}</c> upgraded to a WebSocket: an edge signed with the
/// cluster secret gets the stream's tracks and packets (from the keyframe cache on) and may ask for keyframes.
/// </summary>
public sealed class RelayServer(ClusterNode node, StreamRegistry registry, RelayMetrics metrics, ILogger<RelayServer> logger)
{
    /// <summary>How often each side pings the other.</summary>
    public static TimeSpan KeepAliveInterval { get; } = TimeSpan.FromSeconds(3);

    /// <summary>A side that has not answered a ping for this long is gone: its machine or the link died without a close.</summary>
    public static TimeSpan KeepAliveTimeout { get; } = TimeSpan.FromSeconds(6);

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.Map("/internal/relay/{stream}", (string stream, HttpContext http, RelayServer relay) => relay.ServeAsync(stream, http));

    private async Task ServeAsync(string streamName, HttpContext http)
    {
        if (string.IsNullOrEmpty(node.Options.Secret))
        {
            await Refuse(http, StatusCodes.Status404NotFound, "Relaying is off on this node: Sfu:Cluster:Secret is not set.").ConfigureAwait(false);
            return;
        }

        string? authorization = http.Request.Headers.Authorization;
        string? token = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..].Trim() : null;
        if (!RelayToken.Verify(node.Options.Secret, streamName, token, DateTimeOffset.UtcNow))
        {
            logger.LogWarning("Relay request for {Stream} from {Remote} refused: missing, expired or wrongly signed token", streamName, http.Connection.RemoteIpAddress);
            await Refuse(http, StatusCodes.Status401Unauthorized, "Relay token missing, expired or not signed with this cluster's secret.").ConfigureAwait(false);
            return;
        }

        if (!registry.TryGet(streamName, out var stream) || stream.IsEnded || !ClusterMembership.IsOrigin(stream))
        {
            await Refuse(http, StatusCodes.Status404NotFound, $"Stream '{streamName}' is not published on this node.").ConfigureAwait(false);
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "The relay is a WebSocket: send an upgrade request.").ConfigureAwait(false);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = KeepAliveInterval,
            KeepAliveTimeout = KeepAliveTimeout,
        }).ConfigureAwait(false);
        using var feed = new RelayFeed(stream);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEnded(LiveStream s) => ended.TrySetResult("stream ended");
        stream.Ended += OnEnded;
        metrics.AddFeed(1);
        logger.LogInformation("Relay of {Stream} to {Remote} started", streamName, http.Connection.RemoteIpAddress);
        string reason = "edge left";
        var sending = SendAsync(socket, feed, stopSending.Token);
        var receiving = ReceiveAsync(socket, feed, stopReceiving.Token);
        try
        {
            feed.Start();
            if (stream.IsEnded)
            {
                ended.TrySetResult("stream ended");
            }

            reason = await await Task.WhenAny(sending, receiving, ended.Task).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                // Send side first (one sender at a time), then the close frame with the reason, then the receive side.
                await stopSending.CancelAsync().ConfigureAwait(false);
                await sending.ConfigureAwait(false);
                await RelayClose.CloseAsync(socket, reason).ConfigureAwait(false);
                await stopReceiving.CancelAsync().ConfigureAwait(false);
                await receiving.ConfigureAwait(false);
            }
            finally
            {
                stream.Ended -= OnEnded;
                metrics.AddFeed(-1);
                logger.LogInformation("Relay of {Stream} to {Remote} ended: {Reason} ({Dropped} messages dropped for a slow edge)", streamName, http.Connection.RemoteIpAddress, reason, feed.DroppedMessages);
            }
        }
    }

    private async Task<string> SendAsync(WebSocket socket, RelayFeed feed, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in feed.Outgoing.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await socket.SendAsync(message.Buffer.AsMemory(0, message.Length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
                    metrics.AddFed(message.Length);
                }
                finally
                {
                    message.Release();
                }
            }

            return "feed closed";
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
        catch (WebSocketException ex)
        {
            return ex.Message;
        }
    }

    private static async Task<string> ReceiveAsync(WebSocket socket, RelayFeed feed, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        bool continuation = false;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return "edge closed the relay";
                }

                // Only a whole two-byte message is a keyframe request, not the tail of something longer.
                if (!continuation && result.EndOfMessage && result.Count == 2 && buffer[0] == RelayMessage.KeyframeRequest)
                {
                    feed.RequestKeyframe(buffer[1]);
                }

                continuation = !result.EndOfMessage;
            }
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
        catch (WebSocketException ex)
        {
            return ex.Message;
        }
    }

    private static Task Refuse(HttpContext http, int status, string reason)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsync(reason + "\n");
    }
}

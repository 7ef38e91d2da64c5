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

        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var feed = new RelayFeed(stream);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        void OnEnded(LiveStream ended) => done.Cancel();
        stream.Ended += OnEnded;
        metrics.AddFeed(1);
        logger.LogInformation("Relay of {Stream} to {Remote} started", streamName, http.Connection.RemoteIpAddress);
        string reason = "edge left";
        try
        {
            feed.Start();
            if (stream.IsEnded)
            {
                done.Cancel();
            }

            var sending = SendAsync(socket, feed, done.Token);
            var receiving = ReceiveAsync(socket, feed, done.Token);
            var first = await Task.WhenAny(sending, receiving).ConfigureAwait(false);
            reason = stream.IsEnded ? "stream ended" : await first.ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
            if (socket.State == WebSocketState.Open)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            reason = ex.Message;
        }
        finally
        {
            stream.Ended -= OnEnded;
            metrics.AddFeed(-1);
            logger.LogInformation("Relay of {Stream} to {Remote} ended: {Reason} ({Dropped} messages dropped for a slow edge)", streamName, http.Connection.RemoteIpAddress, reason, feed.DroppedMessages);
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
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return "edge closed the relay";
                }

                if (result.Count == 2 && result.EndOfMessage && buffer[0] == RelayMessage.KeyframeRequest)
                {
                    feed.RequestKeyframe(buffer[1]);
                }
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

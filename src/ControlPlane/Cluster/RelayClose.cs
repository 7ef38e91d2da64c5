using System.Net.WebSockets;
using System.Text;

namespace ControlPlane.Cluster;

/// <summary>Ends a relay WebSocket with a close frame that carries the reason, whatever state the socket is in.</summary>
internal static class RelayClose
{
    // RFC 6455 §5.5: a control frame's payload is at most 125 bytes, 2 of them the status code.
    private const int MaxReasonBytes = 123;

    /// <summary>Sends the close frame when the socket can still send one; never throws.</summary>
    public static async Task CloseAsync(WebSocket socket, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, Fit(reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ArgumentException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The longest prefix of <paramref name="reason"/> that fits a close frame in UTF-8, cut between characters.</summary>
    public static string Fit(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxReasonBytes)
        {
            return reason;
        }

        int length = reason.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxReasonBytes)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(reason[length - 1]))
        {
            length--;
        }

        return reason[..length];
    }
}

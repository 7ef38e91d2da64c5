using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Dtls;

/// <summary>Processes DTLS records that arrive after the handshake, on a short thread-pool work item per burst instead of a reader thread.</summary>
/// <remarks>
/// Reading is what lets BouncyCastle answer a peer that retransmits its final flight because ours was lost, and what
/// notices close_notify. Application data is not expected (no data channels) and is discarded.
/// </remarks>
internal sealed class DtlsRecordDrain
{
    // BouncyCastle reads 0 as "wait forever"; 1 ms bounds the wait once the queue is empty.
    private const int ReceiveWaitMillis = 1;

    private readonly QueueDatagramTransport _transport;
    private readonly Action<string> _onPeerClosed;
    private readonly Lock _sync = new();
    private readonly byte[] _buffer = new byte[QueueDatagramTransport.DefaultReceiveLimit];
    private DtlsTransport? _dtls;
    private DtlsSrtpServer? _server;
    private bool _finished;
    private int _scheduled;

    public DtlsRecordDrain(QueueDatagramTransport transport, Action<string> onPeerClosed)
    {
        _transport = transport;
        _onPeerClosed = onPeerClosed;
    }

    public void Attach(DtlsTransport dtls, DtlsSrtpServer server)
    {
        lock (_sync)
        {
            _dtls = dtls;
            _server = server;
        }
    }

    public void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static drain => drain.Run(), this, preferLocal: false);
        }
    }

    /// <summary>Stops draining; when connected also sends close_notify, serialised with any Receive in progress.</summary>
    public void CloseLocally(bool wasConnected)
    {
        lock (_sync)
        {
            _finished = true;
            if (wasConnected)
            {
                try
                {
                    _dtls?.Close();
                }
                catch (IOException)
                {
                    // Best effort: the peer also learns of the end through ICE consent expiry.
                }
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            var closeReason = DrainQueued();
            if (closeReason is not null)
            {
                _onPeerClosed(closeReason);
                return;
            }

            // Clear the flag, then re-check: a datagram queued in between would otherwise wait for the next one.
            Volatile.Write(ref _scheduled, 0);
            if (_transport.Count == 0 || Interlocked.Exchange(ref _scheduled, 1) != 0)
            {
                return;
            }
        }
    }

    private string? DrainQueued()
    {
        lock (_sync)
        {
            if (_finished || _dtls is null || _server is null)
            {
                return null;
            }

            var reason = ReceiveAll(_dtls, _server);
            _finished = reason is not null;
            return reason;
        }
    }

    private string? ReceiveAll(DtlsTransport dtls, DtlsSrtpServer server)
    {
        try
        {
            while (_transport.Count > 0 && !server.CloseNotifyReceived)
            {
                dtls.Receive(_buffer, 0, _buffer.Length, ReceiveWaitMillis);

                // A datagram can hold several records; the rest wait in BouncyCastle's own queue.
                while (dtls.ReceivePending(_buffer, 0, _buffer.Length) >= 0)
                {
                }
            }
        }
        catch (TlsFatalAlertReceived ex)
        {
            return $"peer sent fatal alert {AlertDescription.GetText(ex.AlertDescription)}";
        }
        catch (IOException ex) when (!server.CloseNotifyReceived)
        {
            return $"DTLS association failed: {ex.Message}";
        }
        catch (IOException)
        {
            // After close_notify BouncyCastle closes our transport, so the next read throws; that is the normal end.
        }

        return server.CloseNotifyReceived ? "peer sent close_notify" : null;
    }
}

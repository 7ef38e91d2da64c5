using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Dtls;

/// <summary>The DTLS-SRTP server side for one WebRTC peer, fed by the shared-socket demultiplexer.</summary>
/// <remarks>
/// The handshake runs on a <see cref="DtlsHandshakePool"/> worker only from the first ClientHello until it ends;
/// afterwards the few DTLS records a peer sends (retransmitted final flights, close_notify) are processed by a short
/// .NET thread-pool work item per burst. Application data (e.g. SCTP) is read and discarded.
/// </remarks>
public sealed class DtlsSession : IDisposable
{
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint[] _remoteFingerprints;
    private readonly DtlsSessionOptions _options;
    private readonly DtlsHandshakePool _pool;
    private readonly QueueDatagramTransport _transport;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer _timer;
    private readonly Lock _sync = new();
    private readonly DtlsRecordDrain _drain;
    private readonly ChangeCipherSpecGate _gate = new();
    private int _state;
    private long _deadline;

    /// <summary>Creates a session; <paramref name="send"/> must deliver a datagram to this peer's address (the span is only valid during the call).</summary>
    public DtlsSession(
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> remoteFingerprints,
        Action<ReadOnlySpan<byte>> send,
        DtlsSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprints);
        ArgumentNullException.ThrowIfNull(send);
        if (remoteFingerprints.Count == 0)
        {
            throw new ArgumentException("At least one remote fingerprint is required.", nameof(remoteFingerprints));
        }

        _certificate = certificate;
        _remoteFingerprints = [.. remoteFingerprints];
        _options = options ?? DtlsSessionOptions.Default;
        _options.Validate();
        _pool = _options.Pool ?? DtlsHandshakePool.Shared;
        _transport = new QueueDatagramTransport(send, _options.MaxQueuedDatagrams);
        _timer = new Timer(static s => ((DtlsSession)s!).OnStartTimeout(), this, Timeout.Infinite, Timeout.Infinite);
        _drain = new DtlsRecordDrain(_transport, OnPeerClosed);
    }

    /// <summary>Raised once, on a handshake worker thread, when the handshake completed. Handlers must be quick and not throw.</summary>
    public event Action<DtlsSrtpKeys>? Connected;

    /// <summary>Raised once, on a worker or timer thread, with the reason the handshake failed. Not raised after <see cref="Dispose"/>.</summary>
    public event Action<string>? Failed;

    /// <summary>Raised once, on a thread-pool thread, when a connected association ended from the peer's side (close_notify, fatal alert, broken record layer).</summary>
    public event Action<string>? Closed;

    /// <summary>Current lifecycle state.</summary>
    public DtlsSessionState State => (DtlsSessionState)Volatile.Read(ref _state);

    /// <summary>Completes with the SRTP keys, faults with <see cref="DtlsHandshakeException"/>, or is cancelled by <see cref="Dispose"/>.</summary>
    public Task<DtlsSrtpKeys> Completion => _completion.Task;

    /// <summary>Datagrams the per-session queue refused: full, oversized, or arriving after the session ended.</summary>
    public long DroppedDatagrams => _transport.DroppedCount;

    /// <summary>Arms the handshake timeout and waits for the ClientHello; no worker is used until one arrives.</summary>
    public void Start()
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(State == DtlsSessionState.Disposed, this);
            if (State != DtlsSessionState.New)
            {
                throw new InvalidOperationException($"Start was already called (state {State}).");
            }

            _deadline = Environment.TickCount64 + (long)_options.HandshakeTimeout.TotalMilliseconds;
            SetState(DtlsSessionState.AwaitingClientHello);
            _timer.Change(_options.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        }

        // A ClientHello may have been queued before Start.
        if (_transport.Count > 0)
        {
            TrySubmitHandshake();
        }
    }

    /// <summary>Feeds one incoming DTLS datagram; never blocks. False when it was dropped.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        var state = State;
        if (state > DtlsSessionState.Connected)
        {
            return false;
        }

        // Before the handshake only a ClientHello matters; anything else would just hold a worker until timeout.
        if (state <= DtlsSessionState.AwaitingClientHello && !DtlsRecordInspector.LooksLikeClientHello(datagram))
        {
            return false;
        }

        if (state < DtlsSessionState.Connected && datagram.Length <= QueueDatagramTransport.DefaultReceiveLimit)
        {
            Span<byte> filtered = stackalloc byte[datagram.Length];
            var length = _gate.Filter(datagram, filtered);
            return length > 0 && EnqueueAndNotify(filtered[..length]);
        }

        return EnqueueAndNotify(datagram);
    }

    /// <summary>Sends close_notify if connected, aborts a running handshake, and cancels <see cref="Completion"/>. Raises no events.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (State == DtlsSessionState.Disposed)
            {
                return;
            }

            _drain.CloseLocally(wasConnected: State == DtlsSessionState.Connected);
            SetState(DtlsSessionState.Disposed);
        }

        _timer.Dispose();
        _transport.Close();
        _completion.TrySetCanceled();
    }

    private bool EnqueueAndNotify(ReadOnlySpan<byte> datagram)
    {
        if (!_transport.Enqueue(datagram))
        {
            return false;
        }

        // Re-read after queueing: pairs with the state change in Start / RunHandshake so no datagram is stranded.
        switch (State)
        {
            case DtlsSessionState.AwaitingClientHello:
                TrySubmitHandshake();
                break;
            case DtlsSessionState.Connected:
                _drain.Schedule();
                break;
        }

        return true;
    }

    private void TrySubmitHandshake()
    {
        lock (_sync)
        {
            if (State != DtlsSessionState.AwaitingClientHello)
            {
                return;
            }

            SetState(DtlsSessionState.Queued);
        }

        if (!_pool.TryQueue(RunHandshake))
        {
            Fail("DTLS handshake pool is shut down", null);
        }
    }

    private void RunHandshake()
    {
        long remaining;
        lock (_sync)
        {
            if (State != DtlsSessionState.Queued)
            {
                return;
            }

            remaining = _deadline - Environment.TickCount64;
            SetState(DtlsSessionState.Handshaking);
        }

        if (remaining <= 0)
        {
            Fail("DTLS handshake timed out waiting for a free handshake worker", null);
            return;
        }

        DtlsSrtpServer? server = null;
        try
        {
            server = new DtlsSrtpServer(_certificate, _remoteFingerprints, (int)Math.Min(remaining, int.MaxValue),
                (int)_options.InitialRetransmitTimeout.TotalMilliseconds);
            var dtls = new DtlsServerProtocol().Accept(server, _transport);
            OnHandshakeCompleted(server, dtls);
        }
        catch (Exception ex)
        {
            // Any escape would leave the session in Handshaking for ever, so every failure ends it here.
            var reason = server is null ? $"DTLS handshake failed: {ex.Message}" : DtlsFailureReason.Describe(ex, server, _options.HandshakeTimeout);
            Fail(reason, ex);
        }
    }

    private void OnHandshakeCompleted(DtlsSrtpServer server, DtlsTransport dtls)
    {
        var keys = server.Keys ?? throw new InvalidOperationException("Handshake completed without SRTP keys.");
        lock (_sync)
        {
            if (State != DtlsSessionState.Handshaking)
            {
                // Disposed while BouncyCastle was finishing; the transport is already closed.
                dtls.Close();
                return;
            }

            _drain.Attach(dtls, server);
            SetState(DtlsSessionState.Connected);
        }

        _timer.Dispose();
        _completion.TrySetResult(keys);
        Raise(Connected, keys);

        // Records that arrived while Accept was returning (e.g. a retransmitted client Finished) still need an answer.
        if (_transport.Count > 0)
        {
            _drain.Schedule();
        }
    }

    private void OnStartTimeout()
    {
        var reason = State switch
        {
            DtlsSessionState.AwaitingClientHello =>
                $"DTLS handshake timed out: no ClientHello received within {_options.HandshakeTimeout.TotalSeconds:0.###} s",
            DtlsSessionState.Queued => "DTLS handshake timed out waiting for a free handshake worker",
            _ => null, // Once running, BouncyCastle enforces the remaining time itself.
        };
        if (reason is not null)
        {
            Fail(reason, null, DtlsSessionState.AwaitingClientHello, DtlsSessionState.Queued);
        }
    }

    private void Fail(string reason, Exception? cause) =>
        Fail(reason, cause, DtlsSessionState.AwaitingClientHello, DtlsSessionState.Queued, DtlsSessionState.Handshaking);

    private void Fail(string reason, Exception? cause, params ReadOnlySpan<DtlsSessionState> from)
    {
        lock (_sync)
        {
            if (!from.Contains(State))
            {
                return;
            }

            SetState(DtlsSessionState.Failed);
        }

        _timer.Dispose();
        _transport.Close();
        _completion.TrySetException(cause is null ? new DtlsHandshakeException(reason) : new DtlsHandshakeException(reason, cause));
        Raise(Failed, reason);
    }

    private void OnPeerClosed(string reason)
    {
        lock (_sync)
        {
            if (State != DtlsSessionState.Connected)
            {
                return;
            }

            SetState(DtlsSessionState.Closed);
        }

        _transport.Close();
        Raise(Closed, reason);
    }

    private void SetState(DtlsSessionState state) => Volatile.Write(ref _state, (int)state);

    private static void Raise<T>(Action<T>? handler, T argument)
    {
        try
        {
            handler?.Invoke(argument);
        }
        catch (Exception ex)
        {
            // Handlers run on shared worker threads; one faulty subscriber must not take them down.
            Trace.TraceError($"DtlsSession event handler threw: {ex}");
        }
    }
}

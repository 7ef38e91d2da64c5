using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Egress.WebRtc.Dtls;

/// <summary>A BouncyCastle <see cref="DatagramTransport"/> fed by a demultiplexer queue and sending through a callback instead of a socket.</summary>
public sealed class QueueDatagramTransport : DatagramTransport
{
    /// <summary>Send limit: the conservative WebRTC path MTU payload, so handshake flights are fragmented below it.</summary>
    public const int DefaultSendLimit = 1200;

    /// <summary>Largest datagram accepted; anything bigger cannot be a browser's DTLS record and is dropped.</summary>
    public const int DefaultReceiveLimit = 2048;

    /// <summary>Default bound on queued incoming datagrams.</summary>
    public const int DefaultCapacity = 64;

    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly int _capacity;
    private int _count;
    private long _dropped;
    private volatile bool _closed;

    /// <summary>Creates a transport whose outgoing datagrams go to <paramref name="send"/>; the span is only valid during the call.</summary>
    public QueueDatagramTransport(Action<ReadOnlySpan<byte>> send, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _send = send;
        _capacity = capacity;
    }

    /// <summary>Number of datagrams waiting to be received.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True once <see cref="Close"/> has been called.</summary>
    public bool IsClosed => _closed;

    /// <summary>Number of datagrams dropped because the queue was full or too large.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues a copy of an incoming datagram; false when dropped (closed, full, empty or oversized).</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed || datagram.IsEmpty || datagram.Length > DefaultReceiveLimit)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        if (Interlocked.Increment(ref _count) > _capacity)
        {
            // Dropping is safe: DTLS tolerates loss and the peer retransmits its flight.
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _dropped);
            return false;
        }

        _queue.Enqueue(datagram.ToArray());
        _available.Release();
        return true;
    }

    /// <inheritdoc/>
    public int GetReceiveLimit() => DefaultReceiveLimit;

    /// <inheritdoc/>
    public int GetSendLimit() => DefaultSendLimit;

    /// <inheritdoc/>
    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Waits up to <paramref name="waitMillis"/> (0 = forever, per BouncyCastle's contract) for a datagram; -1 on timeout.</summary>
    /// <exception cref="IOException">The transport was closed; this aborts a blocked handshake instead of letting it spin on timeouts.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        ThrowIfClosed();
        if (!_available.Wait(waitMillis == 0 ? Timeout.Infinite : waitMillis))
        {
            return -1;
        }

        ThrowIfClosed();
        if (!_queue.TryDequeue(out var datagram))
        {
            return -1;
        }

        Interlocked.Decrement(ref _count);
        if (datagram.Length > buffer.Length)
        {
            // BouncyCastle discards a datagram whose reported length exceeds its buffer, so say so rather than truncate.
            return datagram.Length;
        }

        datagram.CopyTo(buffer);
        return datagram.Length;
    }

    /// <inheritdoc/>
    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Hands the datagram to the send callback; silently dropped once closed.</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            _send(buffer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed UDP send is indistinguishable from loss; surfacing it would abort the handshake instead of retransmitting.
            System.Diagnostics.Trace.TraceWarning($"DTLS send failed: {ex.Message}");
        }
    }

    /// <summary>Stops sending and wakes any blocked <see cref="Receive(Span{byte}, int)"/>, which then throws.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _available.Release();
        while (_queue.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IOException("DTLS transport closed.");
        }
    }
}

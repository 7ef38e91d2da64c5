using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EndToEnd.Infrastructure;

/// <summary>
/// One direction of the proxy: decides on arrival whether a datagram is lost or queued and when it is due,
/// then a dedicated scheduler thread sends it at that time.
/// </summary>
/// <remarks>
/// All decisions are taken on arrival under one lock, so the random source is used in arrival order
/// (reproducible for a given seed and traffic) and the rate limiter sees every datagram exactly once.
/// </remarks>
internal sealed class ImpairmentLine : IDisposable
{
    /// <summary>
    /// Below this much time left, the scheduler spins instead of blocking, because a timed wait on Linux can
    /// overshoot by about a millisecond and the delivery precision should stay within 1–2 ms.
    /// </summary>
    private static readonly long SpinThresholdTicks = Stopwatch.Frequency / 500;

    private readonly object _gate = new();
    private readonly PriorityQueue<PendingDatagram, (long Due, long Sequence)> _queue = new();
    private readonly ImpairmentCounters _counters;
    private readonly Thread _thread;

    private ImpairmentProfile _profile;
    private Random _random;
    private long _sequence;
    private long _lastDue;
    private double _backlogBytes;
    private long _backlogUpdated;
    private bool _stopping;

    public ImpairmentLine(string name, ImpairmentProfile profile, ImpairmentCounters counters)
    {
        _profile = profile;
        _random = new Random(profile.Seed);
        _counters = counters;
        _thread = new Thread(Run)
        {
            Name = name,
            IsBackground = true,
        };
        _thread.Start();
    }

    public ImpairmentProfile Profile
    {
        get
        {
            lock (_gate)
            {
                return _profile;
            }
        }
    }

    public Thread Thread => _thread;

    /// <summary>
    /// Replaces the profile for datagrams arriving from now on. Datagrams already in the delay line keep the
    /// time they were given, and the rate limiter's backlog carries over, as when a real link changes speed.
    /// </summary>
    public void SetProfile(ImpairmentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        lock (_gate)
        {
            _profile = profile;

            // Reseeding makes the loss pattern after a switch depend only on the new profile and the traffic.
            _random = new Random(profile.Seed);
        }
    }

    /// <summary>
    /// Takes one datagram that just arrived; it is copied, so <paramref name="datagram"/> may be reused.
    /// </summary>
    public void Submit(ReadOnlySpan<byte> datagram, Socket socket, SocketAddress destination)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _counters.OnReceived();
            var profile = _profile;
            var due = now;
            if (!profile.MediaOnly || PacketClassifier.IsRtp(datagram))
            {
                if (profile.LossRate > 0 && _random.NextDouble() < profile.LossRate)
                {
                    _counters.OnDroppedByLoss();
                    return;
                }

                if (profile.RateLimitBitsPerSecond > 0 && !TryAdmitToBottleneck(profile, datagram.Length, now, out due))
                {
                    _counters.OnDroppedByQueue();
                    return;
                }

                // Jitter may cancel the delay but never deliver before the datagram has crossed the bottleneck.
                var leftBottleneck = due;
                due += ToStopwatchTicks(profile.Delay);
                if (profile.Jitter > TimeSpan.Zero)
                {
                    var jitterTicks = ToStopwatchTicks(profile.Jitter);
                    due = Math.Max(leftBottleneck, due + (long)(((_random.NextDouble() * 2) - 1) * jitterTicks));
                }
            }
            else
            {
                due += ToStopwatchTicks(profile.Delay);
            }

            if (!profile.AllowReordering)
            {
                // Holding the datagram until its predecessor's due time keeps the path FIFO; the sequence
                // number breaks the tie so that it leaves right after, not before.
                due = Math.Max(due, _lastDue);
            }

            _lastDue = Math.Max(_lastDue, due);

            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            var wasHead = !_queue.TryPeek(out _, out var head) || due < head.Due;
            _queue.Enqueue(new PendingDatagram(buffer, datagram.Length, socket, destination), (due, _sequence++));

            // Only a new head changes what the scheduler waits for; waking it for anything else is wasted.
            if (wasHead)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join(TimeSpan.FromSeconds(1));
        lock (_gate)
        {
            while (_queue.TryDequeue(out var pending, out _))
            {
                ArrayPool<byte>.Shared.Return(pending.Buffer);
            }
        }
    }

    private static long ToStopwatchTicks(TimeSpan span) =>
        (long)(span.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));

    /// <summary>
    /// Models the bottleneck as a byte backlog drained at the configured rate: a token bucket one datagram
    /// deep in front of a drop-tail queue. The datagram is due when its last bit has crossed the bottleneck.
    /// </summary>
    private bool TryAdmitToBottleneck(ImpairmentProfile profile, int length, long now, out long departure)
    {
        var bytesPerTick = profile.RateLimitBitsPerSecond / 8.0 / Stopwatch.Frequency;
        _backlogBytes = Math.Max(0, _backlogBytes - ((now - _backlogUpdated) * bytesPerTick));
        _backlogUpdated = now;
        if (_backlogBytes + length > profile.QueueLimitBytes)
        {
            departure = 0;
            return false;
        }

        _backlogBytes += length;
        departure = now + (long)(_backlogBytes / bytesPerTick);
        return true;
    }

    private void Run()
    {
        while (true)
        {
            PendingDatagram pending;
            long spinUntil;
            lock (_gate)
            {
                if (!TryTakeDue(out pending, out spinUntil))
                {
                    return;
                }
            }

            if (spinUntil != 0)
            {
                // Yielding rather than a tight spin leaves the core to other work on a shared machine while
                // still waking within microseconds of the due time.
                while (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.Yield();
                }

                // Look at the queue again: with reordering allowed an earlier datagram may have arrived.
                continue;
            }

            Send(pending);
        }
    }

    /// <summary>
    /// Blocks (lock held, released while waiting) until the head datagram is due or nearly due. Returns
    /// false when stopping; otherwise either the due datagram, or in <paramref name="spinUntil"/> the time
    /// to spin to outside the lock.
    /// </summary>
    private bool TryTakeDue(out PendingDatagram pending, out long spinUntil)
    {
        while (!_stopping)
        {
            if (!_queue.TryPeek(out pending, out var key))
            {
                // Idle: block without a timeout so an unused direction costs no CPU.
                Monitor.Wait(_gate);
                continue;
            }

            var remaining = key.Due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                _queue.Dequeue();
                spinUntil = 0;
                return true;
            }

            if (remaining <= SpinThresholdTicks)
            {
                spinUntil = key.Due;
                return true;
            }

            // Wake a little early and spin the rest; an arrival that becomes the new head pulses sooner.
            var waitMilliseconds = (int)((remaining - SpinThresholdTicks) * 1000 / Stopwatch.Frequency);
            Monitor.Wait(_gate, Math.Max(1, waitMilliseconds));
        }

        pending = default;
        spinUntil = 0;
        return false;
    }

    private void Send(PendingDatagram pending)
    {
        try
        {
            pending.Socket.SendTo(pending.Buffer.AsSpan(0, pending.Length), SocketFlags.None, pending.Destination);
            _counters.OnForwarded(pending.Length);
        }
        catch (SocketException)
        {
            // A send error (e.g. a full socket buffer) is a lost datagram, which a lossy path may do anyway;
            // it is not counted as forwarded, and the line goes on.
        }
        catch (ObjectDisposedException)
        {
            // The proxy is shutting down and closed the socket before this thread saw the stop flag.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pending.Buffer);
        }
    }

    private readonly record struct PendingDatagram(byte[] Buffer, int Length, Socket Socket, SocketAddress Destination);
}

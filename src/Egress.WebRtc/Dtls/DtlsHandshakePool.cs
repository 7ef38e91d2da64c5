using System.Collections.Concurrent;
using System.Diagnostics;

namespace Egress.WebRtc.Dtls;

/// <summary>A fixed set of dedicated threads that run blocking BouncyCastle handshakes, so handshakes never starve the .NET thread pool.</summary>
public sealed class DtlsHandshakePool : IDisposable
{
    private static readonly Lazy<DtlsHandshakePool> SharedInstance =
        new(() => new DtlsHandshakePool(DefaultWorkerCount), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly BlockingCollection<Action> _queue = new(new ConcurrentQueue<Action>());
    private readonly Thread[] _workers;
    private int _active;
    private int _peakActive;

    /// <summary>Starts <paramref name="workerCount"/> background worker threads.</summary>
    public DtlsHandshakePool(int workerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        _workers = new Thread[workerCount];
        for (var i = 0; i < workerCount; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"dtls-handshake-{i}" };
            _workers[i].Start();
        }
    }

    /// <summary>
    /// Twice the core count, at least 4: a handshake mostly waits on network round trips and retransmit timers,
    /// so more workers than cores keeps join bursts moving while still capping concurrent ECDHE/ECDSA work.
    /// </summary>
    public static int DefaultWorkerCount => Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>The process-wide pool used when a session is given none.</summary>
    public static DtlsHandshakePool Shared => SharedInstance.Value;

    /// <summary>Number of worker threads.</summary>
    public int WorkerCount => _workers.Length;

    /// <summary>Handshakes waiting for a free worker.</summary>
    public int QueuedCount => _queue.Count;

    /// <summary>Handshakes currently running.</summary>
    public int ActiveCount => Volatile.Read(ref _active);

    /// <summary>Highest <see cref="ActiveCount"/> observed; lets tests and metrics confirm the bound holds.</summary>
    public int PeakActiveCount => Volatile.Read(ref _peakActive);

    /// <summary>Queues a blocking job; false once the pool is disposed.</summary>
    public bool TryQueue(Action job)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            return _queue.TryAdd(job);
        }
        catch (InvalidOperationException)
        {
            // Thrown once CompleteAdding was called by Dispose.
            return false;
        }
    }

    /// <summary>Stops accepting jobs; workers exit after finishing what is queued.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private void Work()
    {
        foreach (var job in _queue.GetConsumingEnumerable())
        {
            var active = Interlocked.Increment(ref _active);
            UpdatePeak(active);
            try
            {
                job();
            }
            catch (Exception ex)
            {
                // Jobs handle their own failures; this only stops a bug from killing a shared worker thread.
                Trace.TraceError($"DTLS handshake job failed: {ex}");
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }
    }

    private void UpdatePeak(int active)
    {
        var peak = Volatile.Read(ref _peakActive);
        while (active > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakActive, active, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }
}

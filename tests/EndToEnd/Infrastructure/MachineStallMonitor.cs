using System.Diagnostics;

namespace EndToEnd.Infrastructure;

/// <summary>
/// Notices when this machine stops running the test process for a while (a loaded CI host, the hypervisor, a long GC
/// pause): a thread that sleeps 5 ms at a time records every wake-up more than 100 ms late. Playback tests allow a
/// freeze of that length on top of their own limit, and print what was seen, so a stalled machine is told apart
/// from a stalled server.
/// </summary>
public sealed class MachineStallMonitor : IDisposable
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(100);

    private readonly Thread _thread;
    private readonly TimeSpan _gcPauseAtStart = GC.GetTotalPauseDuration();
    private volatile bool _stopped;
    private long _stalls;
    private long _stalledTicks;
    private long _longestTicks;

    private MachineStallMonitor()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "stall-monitor", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Wake-ups that came more than 100 ms late.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    /// <summary>Time lost to those late wake-ups.</summary>
    public TimeSpan Stalled => TimeSpan.FromTicks(Interlocked.Read(ref _stalledTicks));

    /// <summary>The longest one.</summary>
    public TimeSpan Longest => TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks));

    /// <summary>Starts watching.</summary>
    public static MachineStallMonitor Start() => new();

    /// <inheritdoc/>
    public override string ToString() =>
        $"machine stalls over {Threshold.TotalMilliseconds:0} ms: {Stalls} ({Stalled.TotalSeconds:0.00} s, longest {Longest.TotalSeconds:0.00} s); " +
        $"GC pauses {(GC.GetTotalPauseDuration() - _gcPauseAtStart).TotalMilliseconds:0} ms";

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private void Run()
    {
        long last = Stopwatch.GetTimestamp();
        while (!_stopped)
        {
            Thread.Sleep(5);
            long now = Stopwatch.GetTimestamp();
            var late = Stopwatch.GetElapsedTime(last, now) - TimeSpan.FromMilliseconds(5);
            if (late > Threshold)
            {
                Interlocked.Increment(ref _stalls);
                Interlocked.Add(ref _stalledTicks, late.Ticks);
                if (late.Ticks > Interlocked.Read(ref _longestTicks))
                {
                    Interlocked.Exchange(ref _longestTicks, late.Ticks);
                }
            }

            last = now;
        }
    }
}

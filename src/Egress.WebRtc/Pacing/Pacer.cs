using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Egress.WebRtc.Pacing;

/// <summary>
/// One thread for the whole host that drains the pacing queues of viewers that have a backlog. A viewer whose packets
/// fit its budget never waits for it: sends happen inline on the publisher's thread; only bursts (keyframes, keyframe
/// cache replays) queue, and this thread sends them as the budget refills, about every millisecond.
/// </summary>
/// <remarks>
/// A viewer is scheduled once when its queue stops being empty and dropped once <see cref="IPacedSender.SendPaced"/>
/// reports it empty; the viewer keeps that "scheduled" flag under its own send lock, so a packet queued while the
/// pacer drops it schedules it again rather than being stranded.
/// </remarks>
internal sealed class Pacer : IDisposable
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MinSleep = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentQueue<IPacedSender> _scheduled = new();
    private readonly List<IPacedSender> _backlogged = [];
    private readonly AutoResetEvent _wake = new(false);
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _backloggedCount;

    /// <summary>Starts the pacing thread.</summary>
    public Pacer(ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "webrtc-pacer" };
        _thread.Start();
    }

    /// <summary>Viewers with a backlog at the pacer's last round.</summary>
    public int Backlogged => Volatile.Read(ref _backloggedCount);

    /// <summary>A viewer's queue went from empty to not empty.</summary>
    public void Schedule(IPacedSender sender)
    {
        _scheduled.Enqueue(sender);
        _wake.Set();
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(2));
        _wake.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            while (_scheduled.TryDequeue(out var added))
            {
                _backlogged.Add(added);
            }

            Volatile.Write(ref _backloggedCount, _backlogged.Count);
            if (_backlogged.Count == 0)
            {
                _wake.WaitOne();
                continue;
            }

            var sleep = MaxSleep;
            long now = Stopwatch.GetTimestamp();
            for (int i = _backlogged.Count - 1; i >= 0; i--)
            {
                var wait = SendPaced(_backlogged[i], now);
                if (wait is null)
                {
                    _backlogged.RemoveAt(i);
                }
                else if (wait.Value < sleep)
                {
                    sleep = wait.Value;
                }
            }

            // Never spin: with hundreds of viewers backlogged by a keyframe, yielding in a loop measured as thousands
            // of involuntary context switches a second. A millisecond is finer than any budget's burst window.
            _wake.WaitOne(sleep < MinSleep ? MinSleep : sleep);
        }
    }

    private TimeSpan? SendPaced(IPacedSender sender, long now)
    {
        try
        {
            return sender.SendPaced(now);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Pacing a viewer failed; its queue is no longer paced");
            return null;
        }
    }
}

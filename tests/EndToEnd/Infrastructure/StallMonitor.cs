using System.Diagnostics;
using Sfu.Core.Media;
using Sfu.Core.Streams;

namespace EndToEnd.Infrastructure;

/// <summary>
/// Notices stalls the server is not responsible for, so playback tests can tell them apart from its own: the machine
/// not running the test process (a loaded CI host, the hypervisor, a long GC pause: a thread that sleeps 5 ms at a
/// time records every wake-up more than 100 ms late), and the source encoder delivering no frame for a while (an
/// ffmpeg starved of CPU: the longest gap between frames the server received). Tests allow a freeze of that length
/// on top of their own limit and print what was seen.
/// </summary>
public sealed class StallMonitor : IDisposable
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(100);

    private readonly Thread _thread;
    private readonly TimeSpan _gcPauseAtStart = GC.GetTotalPauseDuration();
    private readonly StreamRegistry? _streams;
    private volatile bool _stopped;
    private long _stalls;
    private long _stalledTicks;
    private long _longestTicks;
    private TimeSpan? _sourceGap;

    private StallMonitor(StreamRegistry? streams)
    {
        _streams = streams;
        foreach (var track in VideoTracks())
        {
            track.Counters.TakeLongestFrameGap();
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "stall-monitor", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Wake-ups of this process that came more than 100 ms late.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    /// <summary>The longest gap between two frames of any live source since the start (read once, at the end).</summary>
    public TimeSpan SourceGap => _sourceGap ??= VideoTracks().Select(t => t.Counters.TakeLongestFrameGap()).DefaultIfEmpty().Max();

    /// <summary>Time the machine or a source stood still beyond 100 ms, added up: what a viewer's freeze may include.</summary>
    public TimeSpan Stalled
    {
        get
        {
            var source = SourceGap > Threshold ? SourceGap : TimeSpan.Zero;
            return TimeSpan.FromTicks(Interlocked.Read(ref _stalledTicks)) + source;
        }
    }

    /// <summary>How many freezes those stalls may explain.</summary>
    public long StallCount => Stalls + (SourceGap > Threshold ? 1 : 0);

    /// <summary>Starts watching this process, and the sources of <paramref name="streams"/> when given.</summary>
    public static StallMonitor Start(StreamRegistry? streams = null) => new(streams);

    /// <inheritdoc/>
    public override string ToString() =>
        $"machine stalls over {Threshold.TotalMilliseconds:0} ms: {Stalls} ({TimeSpan.FromTicks(Interlocked.Read(ref _stalledTicks)).TotalSeconds:0.00} s, " +
        $"longest {TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks)).TotalSeconds:0.00} s); longest gap between source frames {SourceGap.TotalSeconds:0.00} s; " +
        $"GC pauses {(GC.GetTotalPauseDuration() - _gcPauseAtStart).TotalMilliseconds:0} ms";

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private IEnumerable<MediaTrack> VideoTracks() =>
        _streams?.Streams.SelectMany(s => s.Tracks).Where(t => t.Kind == MediaKind.Video) ?? [];

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

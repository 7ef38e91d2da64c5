using System.Diagnostics;

namespace Sfu.Core.Media;

/// <summary>
/// One stream's media time (milliseconds, as its publisher stamps it) anchored to the monotonic clock, shared by all of
/// the stream's tracks so their RTCP sender reports map RTP to wall time the same way and viewers keep lip sync,
/// however long each track spends in processing (a transcoder adds tens of milliseconds to one track only).
/// </summary>
public sealed class MediaClock
{
    private readonly object _gate = new();
    private long _epochTicks;
    private long _epochMediaMs;
    private bool _anchored;

    /// <summary>Anchors the clock at the first media time seen; later calls do nothing.</summary>
    public void Anchor(long mediaMs, long stopwatchTicks)
    {
        lock (_gate)
        {
            if (_anchored)
            {
                return;
            }

            _epochMediaMs = mediaMs;
            _epochTicks = stopwatchTicks;
            _anchored = true;
        }
    }

    /// <summary>Forgets the anchor: a reconnected publisher's media time starts over and anchors the clock again.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _anchored = false;
        }
    }

    /// <summary>The media time at a <see cref="Stopwatch"/> reading; false before the first anchor.</summary>
    public bool TryGetMediaMs(long stopwatchTicks, out double mediaMs)
    {
        lock (_gate)
        {
            if (!_anchored)
            {
                mediaMs = 0;
                return false;
            }

            mediaMs = _epochMediaMs + ((stopwatchTicks - _epochTicks) * 1000.0 / Stopwatch.Frequency);
            return true;
        }
    }
}

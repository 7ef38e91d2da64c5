using System.Diagnostics;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Bandwidth;

/// <summary>A track's incoming bit rate, measured from its byte counter over windows of about a second.</summary>
/// <remarks>Used by one thread (the transport's tick); a window shorter than a second would follow single keyframes.</remarks>
internal sealed class TrackRateMeter(MediaTrack track)
{
    private static readonly long Window = Stopwatch.Frequency;

    private long _bytes = -1;
    private long _at;

    /// <summary>The track measured.</summary>
    public MediaTrack Track { get; } = track;

    /// <summary>Bits per second over the last complete window (0 until one completes).</summary>
    public long BitsPerSecond { get; private set; }

    /// <summary>Reads the counter; closes a window when a second has passed.</summary>
    public void Sample(long now)
    {
        long bytes = Track.Counters.Bytes;
        if (_bytes < 0)
        {
            (_bytes, _at) = (bytes, now);
            return;
        }

        if (now - _at < Window)
        {
            return;
        }

        BitsPerSecond = (long)((bytes - _bytes) * 8.0 * Stopwatch.Frequency / (now - _at));
        (_bytes, _at) = (bytes, now);
    }
}

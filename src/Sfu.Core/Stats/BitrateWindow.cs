using System.Diagnostics;

namespace Sfu.Core.Stats;

/// <summary>A byte counter's rate over windows of about a second, read from any thread.</summary>
/// <remarks>
/// Computed when read, not per packet, so the publisher's thread pays nothing for it. A window shorter than a second
/// would follow single keyframes; readers (every viewer's tick) share one window per track.
/// </remarks>
public sealed class BitrateWindow
{
    private static readonly long Window = Stopwatch.Frequency;

    private readonly object _gate = new();
    private long _bytes = -1;
    private long _at;
    private long _bitsPerSecond;

    /// <summary>Bits per second over the last complete window (0 until one completes), given the counter's total now.</summary>
    public long Read(long totalBytes, long now)
    {
        lock (_gate)
        {
            if (_bytes < 0)
            {
                (_bytes, _at) = (totalBytes, now);
                return 0;
            }

            if (now - _at >= Window)
            {
                _bitsPerSecond = (long)((totalBytes - _bytes) * 8.0 * Stopwatch.Frequency / (now - _at));
                (_bytes, _at) = (totalBytes, now);
            }

            return _bitsPerSecond;
        }
    }
}

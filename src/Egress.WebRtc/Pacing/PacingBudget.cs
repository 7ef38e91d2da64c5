using System.Diagnostics;

namespace Egress.WebRtc.Pacing;

/// <summary>
/// A token bucket in bytes that refills at the pacing rate and holds a few milliseconds of it, so a viewer's packets
/// leave in small bursts at that rate instead of in one keyframe-sized burst. The owner serializes calls.
/// </summary>
internal struct PacingBudget
{
    /// <summary>
    /// How much of the rate may leave at once. 20 ms of a 2.5 × pacing rate holds a typical delta frame (so a viewer's
    /// frame leaves in one segmented send, see <c>WebRtcOptions.SendBatching</c>) while keyframes and cache replays,
    /// several times larger, are still spread out; libwebrtc's pacer allows bursts of up to 40 ms.
    /// </summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromMilliseconds(20);

    /// <summary>Never less than this in the bucket's capacity, so even a slow viewer gets whole packets.</summary>
    public const int MinBurstBytes = 2 * 1300;

    private double _bytes;
    private long _refilledAt;

    /// <summary>Bytes per second the budget refills at.</summary>
    public double BytesPerSecond { get; set; }

    /// <summary>True when a packet may go now; bytes may then be taken (the balance can go negative, a debt).</summary>
    public bool IsAvailable(long now)
    {
        Refill(now);
        return _bytes > 0;
    }

    /// <summary>Spends <paramref name="bytes"/> (sent packets, including ones that bypassed pacing, like audio).</summary>
    public void Spend(int bytes) => _bytes -= bytes;

    /// <summary>Time until the budget is positive again, for the pacer's sleep.</summary>
    public readonly TimeSpan Wait => _bytes > 0 || BytesPerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_bytes / BytesPerSecond);

    private void Refill(long now)
    {
        double capacity = Math.Max(MinBurstBytes, BytesPerSecond * BurstWindow.TotalSeconds);
        if (_refilledAt == 0)
        {
            _bytes = capacity;
        }
        else if (now > _refilledAt)
        {
            _bytes = Math.Min(capacity, _bytes + ((now - _refilledAt) * BytesPerSecond / Stopwatch.Frequency));
        }

        _refilledAt = now;
    }
}

namespace Sfu.Core.Media;

/// <summary>
/// How long a viewer's player should buffer before playing (the playout-delay RTP header extension): a larger minimum
/// trades latency for smoothness on jittery networks. Both bounds are multiples of 10 ms up to 40 950 ms.
/// </summary>
/// <param name="MinMs">The least delay the player should add.</param>
/// <param name="MaxMs">The most delay the player may add.</param>
public readonly record struct PlayoutDelay(int MinMs, int MaxMs)
{
    /// <summary>The largest value the extension's 12-bit fields carry, in milliseconds.</summary>
    public const int LimitMs = 4095 * 10;

    /// <summary>Null when valid, else why not.</summary>
    public string? Problem =>
        MinMs < 0 || MaxMs < 0 ? "playout delay cannot be negative"
        : MinMs > LimitMs || MaxMs > LimitMs ? $"playout delay is at most {LimitMs} ms"
        : MinMs > MaxMs ? "the minimum playout delay is above the maximum"
        : null;
}

namespace Ingest.Rtmp.Amf;

/// <summary>Conversion between AMF dates (Unix milliseconds as a double) and <see cref="DateTimeOffset"/>.</summary>
internal static class AmfDate
{
    private static readonly long MinTicks = DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    // Whole-millisecond bounds are below 2^53, so they are exact doubles.
    private static readonly double MinMilliseconds = (MinTicks / TimeSpan.TicksPerMillisecond) - 1;
    private static readonly double MaxMilliseconds = (MaxTicks / TimeSpan.TicksPerMillisecond) + 1;

    /// <summary>Returns false for NaN, infinities and instants outside the DateTimeOffset range.</summary>
    public static bool TryFromUnixMilliseconds(double milliseconds, out DateTimeOffset value)
    {
        value = default;
        // Negated comparison so NaN is rejected too.
        if (!(milliseconds >= MinMilliseconds && milliseconds <= MaxMilliseconds))
        {
            return false;
        }

        // Whole milliseconds in integer arithmetic: multiplying the double by 10^4 would round
        // far-from-epoch dates to a neighbouring tick.
        var whole = Math.Floor(milliseconds);
        var ticks = ((long)whole * TimeSpan.TicksPerMillisecond) +
            (long)Math.Round((milliseconds - whole) * TimeSpan.TicksPerMillisecond);
        if (ticks < MinTicks || ticks > MaxTicks)
        {
            return false;
        }

        value = DateTimeOffset.UnixEpoch.AddTicks(ticks);
        return true;
    }

    public static double ToUnixMilliseconds(DateTimeOffset value)
    {
        // Same reason as above: keep whole milliseconds exact, add the sub-millisecond part separately.
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var whole = Math.DivRem(ticks, TimeSpan.TicksPerMillisecond, out var fraction);
        return whole + (fraction / (double)TimeSpan.TicksPerMillisecond);
    }
}

using System.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>NTP timestamps (RFC 3550 §4) from the wall clock, and their middle 32 bits as RTCP's LSR/DLSR use them.</summary>
public static class NtpTime
{
    private static readonly DateTime Epoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly long StartTicks = Stopwatch.GetTimestamp();
    private static readonly DateTime StartUtc = DateTime.UtcNow;

    /// <summary>The 64-bit NTP time for a <see cref="Stopwatch"/> reading, so SR times are monotonic with packet times.</summary>
    public static ulong FromStopwatch(long stopwatchTicks)
    {
        double seconds = (StartUtc - Epoch).TotalSeconds + ((stopwatchTicks - StartTicks) / (double)Stopwatch.Frequency);
        ulong whole = (ulong)Math.Floor(seconds);
        ulong fraction = (ulong)((seconds - whole) * 4294967296.0);
        return (whole << 32) | fraction;
    }

    /// <summary>Middle 32 bits of an NTP timestamp (LSR).</summary>
    public static uint Middle(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>Round-trip time from a report block (RFC 3550 §6.4.1): now − LSR − DLSR; null without an SR echo.</summary>
    public static TimeSpan? RoundTrip(ulong nowNtp, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (lastSenderReport == 0)
        {
            return null;
        }

        uint rtt = unchecked(Middle(nowNtp) - lastSenderReport - delaySinceLastSenderReport);
        return rtt > 0x7FFFFFFF ? TimeSpan.Zero : TimeSpan.FromSeconds(rtt / 65536.0);
    }
}

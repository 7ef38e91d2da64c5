using System.Diagnostics;

namespace Egress.WebRtc.Pacing;

/// <summary>How much a viewer's pacing held packets back: packets that queued, and the longest wait.</summary>
public sealed class PacingCounters
{
    private long _packets;
    private long _maxWaitTicks;

    /// <summary>Packets that went through the pacing queue rather than straight out.</summary>
    public long QueuedPackets => Interlocked.Read(ref _packets);

    /// <summary>The longest a packet waited in the queue.</summary>
    public TimeSpan MaxWait => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxWaitTicks));

    internal void Add(long waitedTicks)
    {
        Interlocked.Increment(ref _packets);
        if (waitedTicks > Interlocked.Read(ref _maxWaitTicks))
        {
            Interlocked.Exchange(ref _maxWaitTicks, waitedTicks);
        }
    }
}

namespace LoadGen;

/// <summary>Totals over all viewers, added to from the receive loops and read once a second by the report.</summary>
internal sealed class LoadStats
{
    private readonly object _firstKeyframeGate = new();
    private readonly List<double> _firstKeyframeMs = [];
    private long _packets;
    private long _bytes;
    private long _lost;
    private long _late;
    private long _nacks;
    private long _retransmissions;
    private long _decryptFailures;
    private long _connected;
    private long _failed;
    private long _rtcpSent;

    public long Packets => Interlocked.Read(ref _packets);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Lost => Interlocked.Read(ref _lost);

    public long Late => Interlocked.Read(ref _late);

    public long Nacks => Interlocked.Read(ref _nacks);

    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    public long DecryptFailures => Interlocked.Read(ref _decryptFailures);

    public long Connected => Interlocked.Read(ref _connected);

    public long Failed => Interlocked.Read(ref _failed);

    public long RtcpSent => Interlocked.Read(ref _rtcpSent);

    public void AddPacket(int bytes)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void AddLost(long packets) => Interlocked.Add(ref _lost, packets);

    public void AddLate() => Interlocked.Increment(ref _late);

    public void AddNacks(int count) => Interlocked.Add(ref _nacks, count);

    public void AddRetransmission() => Interlocked.Increment(ref _retransmissions);

    public void AddDecryptFailure() => Interlocked.Increment(ref _decryptFailures);

    public void AddRtcp() => Interlocked.Increment(ref _rtcpSent);

    public void AddConnected(int delta) => Interlocked.Add(ref _connected, delta);

    public void AddFailed() => Interlocked.Increment(ref _failed);

    public void AddFirstKeyframe(TimeSpan afterPost)
    {
        lock (_firstKeyframeGate)
        {
            _firstKeyframeMs.Add(afterPost.TotalMilliseconds);
        }
    }

    /// <summary>Viewers that got a keyframe, and the p50/p95/p99 of the time from their POST to it, in ms.</summary>
    public (int Count, double P50, double P95, double P99) FirstKeyframePercentiles()
    {
        double[] sorted;
        lock (_firstKeyframeGate)
        {
            sorted = [.. _firstKeyframeMs];
        }

        Array.Sort(sorted);
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (sorted.Length, At(0.50), At(0.95), At(0.99));
    }
}

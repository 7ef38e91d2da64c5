namespace EndToEnd.Infrastructure;

/// <summary>
/// Live packet counts of one direction of a <see cref="UdpImpairmentProxy"/>. Every property may be read
/// from any thread while the proxy runs; each value is read atomically, but two reads are not a snapshot.
/// </summary>
public sealed class ImpairmentCounters
{
    private long _packetsReceived;
    private long _packetsForwarded;
    private long _bytesForwarded;
    private long _packetsDroppedByLoss;
    private long _packetsDroppedByQueue;

    /// <summary>Datagrams that entered this direction of the proxy.</summary>
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    /// <summary>Datagrams that left the proxy towards their destination.</summary>
    public long PacketsForwarded => Interlocked.Read(ref _packetsForwarded);

    /// <summary>Payload bytes of the datagrams counted in <see cref="PacketsForwarded"/>.</summary>
    public long BytesForwarded => Interlocked.Read(ref _bytesForwarded);

    /// <summary>Datagrams discarded by the random loss of <see cref="ImpairmentProfile.LossRate"/>.</summary>
    public long PacketsDroppedByLoss => Interlocked.Read(ref _packetsDroppedByLoss);

    /// <summary>Datagrams discarded because the rate limiter's queue was full when they arrived.</summary>
    public long PacketsDroppedByQueue => Interlocked.Read(ref _packetsDroppedByQueue);

    /// <summary>
    /// Datagrams received but neither forwarded nor dropped yet, i.e. waiting in the delay line; tests wait
    /// for this to reach zero before comparing counts.
    /// </summary>
    public long PacketsInFlight =>
        PacketsReceived - PacketsForwarded - PacketsDroppedByLoss - PacketsDroppedByQueue;

    /// <inheritdoc />
    public override string ToString() =>
        $"received={PacketsReceived} forwarded={PacketsForwarded} droppedByLoss={PacketsDroppedByLoss} " +
        $"droppedByQueue={PacketsDroppedByQueue} inFlight={PacketsInFlight}";

    internal void OnReceived() => Interlocked.Increment(ref _packetsReceived);

    internal void OnDroppedByLoss() => Interlocked.Increment(ref _packetsDroppedByLoss);

    internal void OnDroppedByQueue() => Interlocked.Increment(ref _packetsDroppedByQueue);

    internal void OnForwarded(int length)
    {
        // Bytes first, so that a reader who sees the packet counted also sees its bytes.
        Interlocked.Add(ref _bytesForwarded, length);
        Interlocked.Increment(ref _packetsForwarded);
    }
}

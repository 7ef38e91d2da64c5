namespace Egress.WebRtc.Dtls;

/// <summary>Tuning for <see cref="DtlsSession"/>; defaults suit browsers on the public internet.</summary>
public sealed class DtlsSessionOptions
{
    /// <summary>Default options.</summary>
    public static DtlsSessionOptions Default { get; } = new();

    /// <summary>Time from <see cref="DtlsSession.Start"/> to a completed handshake, including time queued for a worker.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First flight retransmission timeout; BouncyCastle doubles it on each retry (RFC 6347 §4.2.4.1).</summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Incoming datagrams buffered per session before further ones are dropped.</summary>
    public int MaxQueuedDatagrams { get; init; } = QueueDatagramTransport.DefaultCapacity;

    /// <summary>Pool running the blocking handshakes; null means <see cref="DtlsHandshakePool.Shared"/>.</summary>
    public DtlsHandshakePool? Pool { get; init; }

    internal void Validate()
    {
        var max = TimeSpan.FromMilliseconds(int.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(HandshakeTimeout, TimeSpan.FromMilliseconds(1), nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HandshakeTimeout, max, nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRetransmitTimeout, TimeSpan.FromMilliseconds(1), nameof(InitialRetransmitTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialRetransmitTimeout, max, nameof(InitialRetransmitTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedDatagrams, 1, nameof(MaxQueuedDatagrams));
    }
}

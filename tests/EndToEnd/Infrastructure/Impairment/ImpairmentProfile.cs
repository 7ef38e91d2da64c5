namespace EndToEnd.Infrastructure;

/// <summary>
/// Describes how one direction of a <see cref="UdpImpairmentProxy"/> degrades the datagrams it relays:
/// random loss, a delay with jitter, and a rate cap with a bounded drop-tail queue.
/// </summary>
/// <remarks>
/// Values are validated when set so that a mistyped test profile fails at construction rather than
/// silently producing a network that never behaves as the test assumes.
/// </remarks>
public sealed record ImpairmentProfile
{
    /// <summary>The default bound of the rate limiter's queue: 64 KiB, a typical shallow router buffer.</summary>
    public const int DefaultQueueLimitBytes = 64 * 1024;

    private readonly double _lossRate;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _jitter;
    private readonly long _rateLimitBitsPerSecond;
    private readonly int _queueLimitBytes = DefaultQueueLimitBytes;

    /// <summary>A profile that forwards every datagram immediately and unchanged.</summary>
    public static ImpairmentProfile None { get; } = new();

    /// <summary>
    /// The probability, from 0 to 1, that an impaired datagram is dropped, drawn independently per datagram.
    /// </summary>
    public double LossRate
    {
        get => _lossRate;
        init
        {
            // The negated form also rejects NaN, which would otherwise compare false and disable loss silently.
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(LossRate), value, "The loss rate must be within 0..1.");
            }

            _lossRate = value;
        }
    }

    /// <summary>The one-way delay added to every datagram of this direction.</summary>
    public TimeSpan Delay
    {
        get => _delay;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(Delay));
            _delay = value;
        }
    }

    /// <summary>
    /// The amplitude of a uniform random variation (±<see cref="Jitter"/>) added to <see cref="Delay"/> for
    /// impaired datagrams. The resulting delay is never below zero.
    /// </summary>
    public TimeSpan Jitter
    {
        get => _jitter;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(Jitter));
            _jitter = value;
        }
    }

    /// <summary>
    /// Whether jitter may deliver datagrams out of order. When false (the default), a datagram whose jittered
    /// due time falls before its predecessor's is held until just after it, as on a single FIFO path.
    /// </summary>
    public bool AllowReordering { get; init; }

    /// <summary>
    /// The bottleneck rate in bits per second for impaired datagrams, or 0 for no cap. Datagrams queue behind
    /// the bottleneck and leave at this rate; see <see cref="QueueLimitBytes"/> for the queue's bound.
    /// </summary>
    public long RateLimitBitsPerSecond
    {
        get => _rateLimitBitsPerSecond;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(RateLimitBitsPerSecond));
            _rateLimitBitsPerSecond = value;
        }
    }

    /// <summary>
    /// The most payload bytes the rate limiter holds waiting for the bottleneck; a datagram that would
    /// exceed it is dropped on arrival (drop-tail), as a router does. Only used when a rate is set.
    /// </summary>
    public int QueueLimitBytes
    {
        get => _queueLimitBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(QueueLimitBytes));
            _queueLimitBytes = value;
        }
    }

    /// <summary>
    /// Whether only RTP media is impaired (the default). STUN, DTLS and RTCP are then never dropped, jittered
    /// or rate limited, so ICE and the DTLS handshake complete and feedback keeps flowing; they still get
    /// <see cref="Delay"/> and keep their place in the delay line, because a real path delays every packet.
    /// </summary>
    public bool MediaOnly { get; init; } = true;

    /// <summary>The seed of the random source for loss and jitter, so that a failing run can be replayed.</summary>
    public int Seed { get; init; }
}

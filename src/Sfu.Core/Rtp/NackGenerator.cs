using System.Diagnostics;

namespace Sfu.Core.Rtp;

/// <summary>
/// Decides which sequence numbers of one incoming media SSRC to NACK (RFC 4585) and when: gaps are tracked as
/// missing, first requested after a short reorder wait, repeated once per round trip, and given up after too many
/// tries or too long, at which point a keyframe is needed instead.
/// </summary>
/// <remarks>
/// Modelled on libwebrtc's NackRequester. Not thread-safe and lock-free by design: the caller serialises every call
/// (the publisher's receive loop, with the feedback timer posting onto it). With RTX, feed the original sequence
/// number of each repaired packet to <see cref="OnPacket"/> as well. Neither <see cref="OnPacket"/> nor
/// <see cref="CollectDue"/> allocates; an instance holds 25 bytes per <see cref="NackGeneratorOptions.MaxMissing"/>
/// (≈ 13 KB at the default 512).
/// </remarks>
public sealed class NackGenerator
{
    // Two packets in a row this far behind mean the sender restarted its numbering (RFC 3550 A.1 uses 3000 ahead
    // and 100 behind; the missing list of a busy stream may legitimately reach further back than that).
    private const int MaxBackwardJump = 8192;

    private const byte Removed = byte.MaxValue;

    private readonly int _capacity;
    private readonly long _maxAgeTicks;
    private readonly int _maxRetries;
    private readonly long _reorderWaitTicks;
    private readonly long _defaultRoundTripTicks;
    private readonly long _minRetryTicks;

    // The missing list, as parallel arrays sorted by extended sequence number. New gaps are always newer than every
    // entry, so they append; fills only mark an entry removed, and the next pass that walks the list compacts it.
    private readonly long[] _sequences;
    private readonly long[] _firstSeen;
    private readonly long[] _lastSent;
    private readonly byte[] _retries;
    private int _count;
    private int _live;

    private bool _started;
    private long _highest;
    private int _badSequence = -1;

    /// <summary>Creates a generator with <paramref name="options"/> (defaults when null).</summary>
    public NackGenerator(NackGeneratorOptions? options = null)
    {
        options ??= new NackGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxMissing, nameof(options.MaxMissing));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetries, 1, nameof(options.MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxRetries, Removed - 1, nameof(options.MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAge, TimeSpan.Zero, nameof(options.MaxAge));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReorderWait, TimeSpan.Zero, nameof(options.ReorderWait));
        _capacity = options.MaxMissing;
        _maxAgeTicks = ToTicks(options.MaxAge);
        _maxRetries = options.MaxRetries;
        _reorderWaitTicks = ToTicks(options.ReorderWait);
        _defaultRoundTripTicks = ToTicks(options.DefaultRoundTripTime);
        _minRetryTicks = ToTicks(options.MinRetryInterval);
        _sequences = new long[_capacity];
        _firstSeen = new long[_capacity];
        _lastSent = new long[_capacity];
        _retries = new byte[_capacity];
    }

    /// <summary>Sequence numbers NACKed, counting each repeat.</summary>
    public long Requested { get; private set; }

    /// <summary>Missing packets that arrived after being NACKed.</summary>
    public long Recovered { get; private set; }

    /// <summary>Missing packets that arrived before their first NACK (reordering, not loss).</summary>
    public long Reordered { get; private set; }

    /// <summary>Missing packets abandoned: too many tries, too old, or dropped by a jump or a full list.</summary>
    public long GaveUp { get; private set; }

    /// <summary>Sequence numbers currently missing and tracked.</summary>
    public int MissingCount => _live;

    /// <summary>
    /// Set when a missing packet is given up or the list is cleared, since the decoder now needs a keyframe to
    /// recover; the caller reads it, sends a PLI/FIR, and sets it back to false.
    /// </summary>
    public bool KeyframeNeeded { get; set; }

    /// <summary>Accounts for a packet (or a retransmission) with <paramref name="sequenceNumber"/> arriving now.</summary>
    public void OnPacket(ushort sequenceNumber, long arrivalTimestamp)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return;
        }

        int delta = (short)(sequenceNumber - (ushort)_highest);
        if (delta > 0)
        {
            _badSequence = -1;
            OnNewer(delta, arrivalTimestamp);
            return;
        }

        if (delta == 0)
        {
            return;
        }

        // Look the number up first: a retransmission of a tracked gap must never be mistaken for a restart.
        int index = Array.BinarySearch(_sequences, 0, _count, _highest + delta);
        if (index < 0 || _retries[index] == Removed)
        {
            if (-delta > MaxBackwardJump)
            {
                OnFarBehind(sequenceNumber, delta);
            }

            // Otherwise a duplicate, or a packet already given up: nothing to do.
            return;
        }

        if (_retries[index] > 0)
        {
            Recovered++;
        }
        else
        {
            Reordered++;
        }

        _retries[index] = Removed;
        _live--;
    }

    /// <summary>
    /// Writes into <paramref name="destination"/> the sequence numbers to NACK at <paramref name="now"/>, oldest first
    /// (wrap-aware ascending, ready for <c>RtcpWriter.WriteGenericNack</c>), and returns how many. A number is due
    /// once the reorder wait has passed since its gap was seen, then again each <paramref name="roundTripTime"/> (or
    /// the configured default when that is zero) without it arriving. Numbers that do not fit stay due.
    /// </summary>
    public int CollectDue(long now, TimeSpan roundTripTime, Span<ushort> destination)
    {
        long retryTicks = roundTripTime > TimeSpan.Zero ? ToTicks(roundTripTime) : _defaultRoundTripTicks;
        retryTicks = Math.Max(retryTicks, _minRetryTicks);
        int written = 0;
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            byte retries = _retries[i];
            if (retries == Removed)
            {
                continue;
            }

            if (now - _firstSeen[i] > _maxAgeTicks)
            {
                GiveUp();
                continue;
            }

            bool due = retries == 0
                ? now - _firstSeen[i] >= _reorderWaitTicks
                : now - _lastSent[i] >= retryTicks;
            if (due && retries >= _maxRetries)
            {
                // The last try has had its round trip; it is not coming.
                GiveUp();
                continue;
            }

            if (due && written < destination.Length)
            {
                destination[written++] = (ushort)_sequences[i];
                retries++;
                _lastSent[i] = now;
                Requested++;
            }

            _sequences[kept] = _sequences[i];
            _firstSeen[kept] = _firstSeen[i];
            _lastSent[kept] = _lastSent[i];
            _retries[kept] = retries;
            kept++;
        }

        _count = kept;
        _live = kept;
        return written;
    }

    private void OnNewer(int delta, long arrivalTimestamp)
    {
        int gap = delta - 1;
        if (gap > _capacity)
        {
            // Too many to chase: what is lost is better repaired by a keyframe than by hundreds of NACKs.
            DropAll();
            KeyframeNeeded = true;
            _highest += delta;
            return;
        }

        if (_count + gap > _capacity)
        {
            Compact();
            int excess = _count + gap - _capacity;
            if (excess > 0)
            {
                // Full: the oldest are the least likely to be repaired in time.
                GiveUpOldest(excess);
            }
        }

        for (long s = _highest + 1; s < _highest + delta; s++)
        {
            _sequences[_count] = s;
            _firstSeen[_count] = arrivalTimestamp;
            _lastSent[_count] = 0;
            _retries[_count] = 0;
            _count++;
        }

        _live += gap;
        _highest += delta;
    }

    private void OnFarBehind(ushort sequenceNumber, int delta)
    {
        if (sequenceNumber == _badSequence)
        {
            // The sender restarted its numbering: nothing tracked can come any more.
            DropAll();
            _highest += delta;
            _badSequence = -1;
        }
        else
        {
            // One stray packet could be a very late duplicate; wait for a second in sequence (RFC 3550 A.1).
            _badSequence = (ushort)(sequenceNumber + 1);
        }
    }

    private void GiveUp()
    {
        GaveUp++;
        KeyframeNeeded = true;
    }

    private void GiveUpOldest(int excess)
    {
        // After Compact every entry is live.
        GaveUp += excess;
        KeyframeNeeded = true;
        int remaining = _count - excess;
        Array.Copy(_sequences, excess, _sequences, 0, remaining);
        Array.Copy(_firstSeen, excess, _firstSeen, 0, remaining);
        Array.Copy(_lastSent, excess, _lastSent, 0, remaining);
        Array.Copy(_retries, excess, _retries, 0, remaining);
        _count = remaining;
        _live = remaining;
    }

    private void DropAll()
    {
        if (_live > 0)
        {
            GaveUp += _live;
            KeyframeNeeded = true;
        }

        _count = 0;
        _live = 0;
    }

    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_retries[i] == Removed)
            {
                continue;
            }

            _sequences[kept] = _sequences[i];
            _firstSeen[kept] = _firstSeen[i];
            _lastSent[kept] = _lastSent[i];
            _retries[kept] = _retries[i];
            kept++;
        }

        _count = kept;
        _live = kept;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

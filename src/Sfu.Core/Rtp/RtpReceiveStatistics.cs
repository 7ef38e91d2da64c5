using System.Diagnostics;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Rtp;

/// <summary>
/// Reception statistics of one incoming media SSRC (RFC 3550 §6.4.1, Appendix A.1, A.3 and A.8), from which the
/// report blocks of our receiver reports are made.
/// </summary>
/// <remarks>
/// Not thread-safe and lock-free by design: the caller serialises every call (the publisher's receive loop, with the
/// RTCP timer posting onto it). <see cref="OnPacket"/> does not allocate; an instance holds ≈ 200 bytes.
/// </remarks>
public sealed class RtpReceiveStatistics
{
    /// <summary>A forward step at least this large is a jump, not loss (RFC 3550 A.1 MAX_DROPOUT).</summary>
    public const int MaxDropout = 3000;

    /// <summary>
    /// How far behind the highest number a packet still counts as reordered rather than a jump. RFC 3550 suggests
    /// 100; WebRTC retransmits on the media SSRC when RTX is not negotiated, a round trip late, so we allow more
    /// (libwebrtc uses 450).
    /// </summary>
    public const int MaxMisorder = 512;

    private const int WindowWords = MaxMisorder / 64;
    private const int WindowMask = MaxMisorder - 1;

    // Larger timestamp steps are a source change or a long pause, not network jitter (libwebrtc ignores > 5 s too).
    private const int MaxJitterStepSeconds = 5;

    private readonly int _clockRate;

    // One bit per extended sequence number in (highest − MaxMisorder, highest], to tell duplicates from reordering.
    private readonly ulong[] _window = new ulong[WindowWords];

    private bool _started;
    private long _baseExtended;
    private long _highestExtended;
    private long _expectedCarry;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private int _badSequence = -1;

    private bool _hasTransit;
    private long _lastArrival;
    private uint _lastRtpTimestamp;
    private double _jitter;

    private bool _hasSenderReport;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;

    /// <summary>Tracks <paramref name="ssrc"/>, whose RTP clock runs at <paramref name="clockRate"/> Hz.</summary>
    public RtpReceiveStatistics(uint ssrc, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        _clockRate = clockRate;
    }

    /// <summary>The media SSRC reported on.</summary>
    public uint Ssrc { get; }

    /// <summary>Packets counted as received (duplicates and discarded jumps excluded).</summary>
    public long PacketsReceived => _received;

    /// <summary>Packets duplicated (a sequence number seen again within the reorder window).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Times the sequence numbers jumped and the source was taken to have restarted.</summary>
    public long Restarts { get; private set; }

    /// <summary>Expected minus received since the first packet (negative when duplicates slipped through); unclamped.</summary>
    public long CumulativeLost => Expected - _received;

    /// <summary>Highest sequence number received, with the count of wraps in the top 16 bits.</summary>
    public uint ExtendedHighestSequence => (uint)_highestExtended;

    /// <summary>Interarrival jitter (RFC 3550 A.8), in seconds.</summary>
    public double JitterSeconds => _jitter / _clockRate;

    /// <summary>True once a packet has been received (before that a report block says nothing).</summary>
    public bool HasReceived => _started;

    private long Expected => _started ? _expectedCarry + (_highestExtended - _baseExtended + 1) : 0;

    /// <summary>
    /// Accounts for one RTP packet of this SSRC, arrived at <paramref name="arrivalTimestamp"/> (Stopwatch ticks);
    /// false for a duplicate (a packet already counted, e.g. a retransmission used as a bandwidth probe) or a lone
    /// jump not yet confirmed as a restart, which are not worth forwarding.
    /// </summary>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalTimestamp)
    {
        if (!_started)
        {
            _started = true;
            _baseExtended = sequenceNumber;
            _highestExtended = sequenceNumber;
            Mark(sequenceNumber);
            _received++;
            ResetTransit(rtpTimestamp, arrivalTimestamp);
            return true;
        }

        ushort highest = (ushort)_highestExtended;
        int forward = (ushort)(sequenceNumber - highest);
        if (forward == 0)
        {
            Duplicates++;
            return false;
        }

        if (forward < MaxDropout)
        {
            Advance(_highestExtended + forward);
            _received++;
            UpdateJitter(rtpTimestamp, arrivalTimestamp);
            return true;
        }

        int behind = 65536 - forward;
        if (behind < MaxMisorder)
        {
            long extended = _highestExtended - behind;
            if (IsMarked(extended))
            {
                Duplicates++;
                return false;
            }

            Mark(extended);
            _received++;

            // A packet from before the first one (reordered start) widens the expected range instead of lowering loss.
            _baseExtended = Math.Min(_baseExtended, extended);

            // Jitter is only sampled in order: a late packet (often a retransmission) carries an old timestamp.
            return true;
        }

        if (sequenceNumber == _badSequence)
        {
            Restart(sequenceNumber, rtpTimestamp, arrivalTimestamp);
            return true;
        }

        // A lone jump may be a stray packet; only a second packet following it shows the source restarted (A.1).
        _badSequence = (ushort)(sequenceNumber + 1);
        return false;
    }

    /// <summary>Remembers an SR of this SSRC, for the LSR and DLSR of the next report blocks.</summary>
    public void OnSenderReport(ulong ntpTimestamp, long arrivalTimestamp)
    {
        _hasSenderReport = true;
        _lastSenderReport = NtpTime.Middle(ntpTimestamp);
        _lastSenderReportArrival = arrivalTimestamp;
    }

    /// <summary>
    /// The report block for this SSRC as of <paramref name="now"/> (Stopwatch ticks). Fraction lost covers the packets
    /// since the previous call, so call it once per receiver report sent.
    /// </summary>
    public RtcpReportBlock CreateReportBlock(long now)
    {
        long expected = Expected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval <= 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        uint delay = 0;
        if (_hasSenderReport)
        {
            long elapsed = Math.Max(0, now - _lastSenderReportArrival);
            delay = (uint)Math.Min(uint.MaxValue, (long)(elapsed * (65536.0 / Stopwatch.Frequency)));
        }

        return new RtcpReportBlock(
            Ssrc,
            fraction,
            (int)Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF),
            ExtendedHighestSequence,
            (uint)_jitter,
            _lastSenderReport,
            delay);
    }

    private void Restart(ushort sequenceNumber, uint rtpTimestamp, long arrivalTimestamp)
    {
        // Keep the extended number rising across the restart: report readers derive loss from its progress.
        long extended = (_highestExtended & ~0xFFFFL) + sequenceNumber;
        if (extended <= _highestExtended)
        {
            extended += 65536;
        }

        _expectedCarry += _highestExtended - _baseExtended + 1;
        Array.Clear(_window);
        _highestExtended = extended;

        // The stray packet that armed the restart was the new stream's first: count it as well.
        _baseExtended = extended - 1;
        Mark(extended - 1);
        Mark(extended);
        _received += 2;
        _badSequence = -1;
        Restarts++;
        ResetTransit(rtpTimestamp, arrivalTimestamp);
    }

    private void Advance(long extended)
    {
        long step = extended - _highestExtended;
        if (step >= MaxMisorder)
        {
            Array.Clear(_window);
        }
        else
        {
            // The bits that now fall out of the window are reused for the newly covered numbers.
            for (long s = _highestExtended + 1; s < extended; s++)
            {
                Unmark(s);
            }
        }

        _highestExtended = extended;
        Mark(extended);
    }

    private void UpdateJitter(uint rtpTimestamp, long arrivalTimestamp)
    {
        if (!_hasTransit)
        {
            ResetTransit(rtpTimestamp, arrivalTimestamp);
            return;
        }

        // D(i,j) = (Rj − Ri) − (Sj − Si) in timestamp units, from differences so it never overflows (A.8).
        double arrivalUnits = (arrivalTimestamp - _lastArrival) * ((double)_clockRate / Stopwatch.Frequency);
        int sentUnits = unchecked((int)(rtpTimestamp - _lastRtpTimestamp));
        _lastArrival = arrivalTimestamp;
        _lastRtpTimestamp = rtpTimestamp;
        double d = Math.Abs(arrivalUnits - sentUnits);
        if (d < (double)MaxJitterStepSeconds * _clockRate)
        {
            _jitter += (d - _jitter) / 16;
        }
    }

    private void ResetTransit(uint rtpTimestamp, long arrivalTimestamp)
    {
        _hasTransit = true;
        _lastArrival = arrivalTimestamp;
        _lastRtpTimestamp = rtpTimestamp;
    }

    private void Mark(long extended) => _window[(extended & WindowMask) >> 6] |= 1UL << (int)(extended & 63);

    private void Unmark(long extended) => _window[(extended & WindowMask) >> 6] &= ~(1UL << (int)(extended & 63));

    private bool IsMarked(long extended) => (_window[(extended & WindowMask) >> 6] & (1UL << (int)(extended & 63))) != 0;
}

using System.Diagnostics;

namespace Sfu.Core.Rtcp;

/// <summary>
/// Records when each transport-wide sequence number of a publisher's transport arrived and turns them into RTCP
/// transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01), the input of the browser's bandwidth
/// estimator.
/// </summary>
/// <remarks>
/// Each feedback covers every number from the end of the previous one up to the newest arrival, with the gaps
/// reported as not received (like libwebrtc's RemoteEstimatorProxy); a late packet older than that start moves it
/// back, so the next feedback reports it after all. Only the last <see cref="WindowSize"/> numbers are kept.
/// Not thread-safe and lock-free by design: the caller serialises every call (the transport's receive loop, with the
/// feedback timer posting onto it). Neither <see cref="OnPacket"/> nor <see cref="BuildFeedback"/> allocates; an
/// instance holds ≈ 24 KB (8 bytes of arrival time and 16 of feedback scratch per number in the window).
/// </remarks>
public sealed class TransportFeedbackRecorder
{
    /// <summary>How many of the newest sequence numbers are tracked; older arrivals are ignored.</summary>
    public const int WindowSize = 1024;

    /// <summary>Smallest destination <see cref="BuildFeedback"/> accepts: room for a packet describing one number.</summary>
    public const int MinimumDestinationLength = TransportFeedbackWriter.HeaderLength + 4;

    private const int Mask = WindowSize - 1;
    private const long NotReceived = long.MinValue;
    private const long TicksPerReference = TransportFeedbackReader.ReferenceTimeUnitMicroseconds / TransportFeedbackReader.DeltaTickMicroseconds;
    private const long ReferenceRange = 1L << 24;

    private readonly long[] _arrivals = new long[WindowSize];
    private readonly PacketResult[] _results = new PacketResult[WindowSize];
    private readonly long _ticksPerMicrosecond = Stopwatch.Frequency % 1_000_000 == 0 ? Stopwatch.Frequency / 1_000_000 : 0;

    private bool _started;
    private long _highest;
    private long _nextToReport;
    private byte _feedbackCount;

    // A jump back beyond the window twice in a row means the sender restarted its numbering (RFC 3550 A.1 style).
    private long _badSequence = -1;
    private long _badArrival;

    /// <summary>Creates an empty recorder.</summary>
    public TransportFeedbackRecorder()
    {
        Array.Fill(_arrivals, NotReceived);
    }

    /// <summary>Arrivals recorded (duplicates and ignored packets excluded).</summary>
    public long PacketsRecorded { get; private set; }

    /// <summary>Arrivals ignored because the number had already arrived.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Arrivals ignored because the number was older than the window.</summary>
    public long TooOld { get; private set; }

    /// <summary>Feedback packets built.</summary>
    public long FeedbackPackets { get; private set; }

    /// <summary>The <c>now</c> of the last <see cref="BuildFeedback"/> that produced a packet (Stopwatch ticks; 0 before).</summary>
    public long LastFeedbackTimestamp { get; private set; }

    /// <summary>Sequence numbers not yet covered by a feedback, up to the newest arrival (0 when nothing new arrived).</summary>
    public int PendingCount => _started && _nextToReport <= _highest ? (int)(_highest - ReportStart + 1) : 0;

    private long ReportStart => Math.Max(_nextToReport, _highest - WindowSize + 1);

    /// <summary>Records that the packet with <paramref name="transportSequence"/> arrived at <paramref name="arrivalTimestamp"/> (Stopwatch ticks).</summary>
    public void OnPacket(ushort transportSequence, long arrivalTimestamp)
    {
        if (!_started)
        {
            _started = true;
            _highest = transportSequence;
            _nextToReport = transportSequence;
            _arrivals[transportSequence & Mask] = arrivalTimestamp;
            PacketsRecorded++;
            return;
        }

        int delta = (short)(transportSequence - (ushort)_highest);
        long extended = _highest + delta;
        if (delta > 0)
        {
            // Slots of the numbers skipped over still hold arrivals from one window ago.
            if (delta >= WindowSize)
            {
                Array.Fill(_arrivals, NotReceived);
            }
            else
            {
                for (long s = _highest + 1; s < extended; s++)
                {
                    _arrivals[s & Mask] = NotReceived;
                }
            }

            _highest = extended;
            _arrivals[extended & Mask] = arrivalTimestamp;
            _badSequence = -1;
            PacketsRecorded++;
            return;
        }

        if (extended <= _highest - WindowSize)
        {
            if (transportSequence == _badSequence)
            {
                Restart(extended, arrivalTimestamp);
                return;
            }

            _badSequence = (ushort)(transportSequence + 1);
            _badArrival = arrivalTimestamp;
            TooOld++;
            return;
        }

        ref long slot = ref _arrivals[extended & Mask];
        if (slot != NotReceived)
        {
            Duplicates++;
            return;
        }

        slot = arrivalTimestamp;
        PacketsRecorded++;

        // Already reported as lost: report it again, now received (the sender takes the newer status).
        _nextToReport = Math.Min(_nextToReport, extended);
    }

    /// <summary>
    /// Writes one complete transport-cc feedback packet into <paramref name="destination"/> describing the numbers
    /// since the previous feedback and returns its length, or 0 when nothing new arrived. When not everything fits
    /// (destination length, or gaps in arrival time beyond the ±8.19 s a receive delta can express) the packet holds
    /// a prefix and the rest is kept for the next call, so check <see cref="PendingCount"/> and call again.
    /// </summary>
    public int BuildFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc, long now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MinimumDestinationLength, nameof(destination));
        if (!_started || _nextToReport > _highest)
        {
            return 0;
        }

        long start = ReportStart;
        int count = FillResults(start);
        int written = TransportFeedbackWriter.Write(destination, senderSsrc, mediaSsrc, _feedbackCount, _results.AsSpan(0, count));
        if (written < 0)
        {
            // Only the destination can be too small now (deltas and reference time were checked): find the longest
            // prefix that fits. Every single result fits in MinimumDestinationLength, so at least one does.
            int fits = 1;
            int fails = count;
            while (fails - fits > 1)
            {
                int middle = fits + ((fails - fits) / 2);
                if (TransportFeedbackWriter.Write(destination, senderSsrc, mediaSsrc, _feedbackCount, _results.AsSpan(0, middle)) > 0)
                {
                    fits = middle;
                }
                else
                {
                    fails = middle;
                }
            }

            count = fits;
            written = TransportFeedbackWriter.Write(destination, senderSsrc, mediaSsrc, _feedbackCount, _results.AsSpan(0, count));
            if (written < 0)
            {
                throw new InvalidOperationException("TransportFeedbackWriter rejected a single result; this is a bug.");
            }
        }

        _nextToReport = start + count;
        _feedbackCount++;
        FeedbackPackets++;
        LastFeedbackTimestamp = now;
        return written;
    }

    /// <summary>Fills <see cref="_results"/> from <paramref name="start"/> as far as one packet can go; returns how many.</summary>
    private int FillResults(long start)
    {
        int count = 0;
        long shift = 0;
        long previousTicks = 0;
        bool anyReceived = false;
        for (long s = start; s <= _highest; s++)
        {
            long arrival = _arrivals[s & Mask];
            if (arrival == NotReceived)
            {
                _results[count++] = new PacketResult((ushort)s, false, 0);
                continue;
            }

            long microseconds = ToMicroseconds(arrival);
            long ticks = RoundToTicks(microseconds);
            if (!anyReceived)
            {
                anyReceived = true;

                // The reference time is 24 bits of 64 ms (≈ 12 days, wrapping; libwebrtc wraps it too). Shifting every
                // arrival by whole 64 ms units puts it in the writer's signed range without changing the bits sent.
                long reference = FloorDiv(ticks, TicksPerReference);
                long wrapped = ((reference % ReferenceRange) + ReferenceRange + (ReferenceRange / 2)) % ReferenceRange - (ReferenceRange / 2);
                shift = (reference - wrapped) * TransportFeedbackReader.ReferenceTimeUnitMicroseconds;
            }
            else
            {
                long delta = ticks - previousTicks;
                if (delta < short.MinValue || delta > short.MaxValue)
                {
                    // A receive delta cannot span this; the next packet starts here with a fresh reference time.
                    break;
                }
            }

            previousTicks = ticks;
            _results[count++] = new PacketResult((ushort)s, true, microseconds - shift);
        }

        // Never end on packets not received: they are reported with whatever follows them next time.
        while (count > 1 && !_results[count - 1].Received)
        {
            count--;
        }

        return count;
    }

    private void Restart(long extended, long arrivalTimestamp)
    {
        // Whatever was pending belonged to the old numbering, which the sender no longer uses.
        Array.Fill(_arrivals, NotReceived);
        _highest = extended;
        _nextToReport = extended - 1;
        _arrivals[(extended - 1) & Mask] = _badArrival;
        _arrivals[extended & Mask] = arrivalTimestamp;
        _badSequence = -1;
        TooOld--;
        PacketsRecorded += 2;
    }

    private long ToMicroseconds(long stopwatchTicks) => _ticksPerMicrosecond > 0
        ? FloorDiv(stopwatchTicks, _ticksPerMicrosecond)
        : (long)((Int128)stopwatchTicks * 1_000_000 / Stopwatch.Frequency);

    // Same rounding as TransportFeedbackWriter (nearest 250 µs, halves up), so the delta checks agree with it.
    private static long RoundToTicks(long microseconds) =>
        FloorDiv(microseconds + (TransportFeedbackReader.DeltaTickMicroseconds / 2), TransportFeedbackReader.DeltaTickMicroseconds);

    private static long FloorDiv(long value, long divisor)
    {
        long quotient = value / divisor;
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
    }
}

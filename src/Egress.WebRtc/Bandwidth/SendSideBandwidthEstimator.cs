using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Bandwidth;

/// <summary>
/// Per-viewer send-side bandwidth estimate in the style of Google Congestion Control, driven by
/// transport-wide congestion control feedback, with loss-based and REMB limits on top.
/// </summary>
/// <remarks>
/// Not thread-safe: the caller serializes all calls (one lock per viewer). <see cref="OnPacketSent"/>
/// and <see cref="OnTransportFeedback"/> are allocation-free; the whole estimator holds about 15 KB.
/// Getters report the state as of the last call; REMB expiry is judged against the latest
/// timestamp passed in, so no clock is read here.
/// </remarks>
public sealed class SendSideBandwidthEstimator
{
    // Beyond 2^53 µs arrival times lose integer precision as doubles; no real receiver clock gets there.
    private const long MaxArrivalMagnitudeMicroseconds = 1L << 53;
    private const double MaxRoundTripTimeMs = 10_000;

    // Loss while even the fastest packet queued this long means a drop-tail buffer is overflowing.
    private const double StandingQueueThresholdMs = 50;

    private readonly double _minBitsPerSecond;
    private readonly double _maxBitsPerSecond;
    private readonly double _initialBitsPerSecond;
    private readonly SendTimeHistory _history = new();
    private readonly InterArrivalCalculator _interArrival = new();
    private readonly TrendlineEstimator _trendline = new();
    private readonly OveruseDetector _detector = new();
    private readonly AcknowledgedBitrateEstimator _acknowledged = new();
    private readonly QueueDelayTracker _queueDelay = new();
    private readonly LossSampler _lossSampler = new();
    private readonly AimdRateController _delayBased;
    private readonly LossBasedController _lossBased;
    private readonly ReceiverEstimateCap _remb = new();
    private double _latestNowMs = double.NegativeInfinity;

    public SendSideBandwidthEstimator(BandwidthEstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinBitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBitsPerSecond, options.MinBitsPerSecond);

        _minBitsPerSecond = options.MinBitsPerSecond;
        _maxBitsPerSecond = options.MaxBitsPerSecond;
        _initialBitsPerSecond = Math.Clamp(options.InitialBitsPerSecond, options.MinBitsPerSecond, options.MaxBitsPerSecond);
        _delayBased = new AimdRateController(_initialBitsPerSecond, _minBitsPerSecond, _maxBitsPerSecond);
        _lossBased = new LossBasedController(_initialBitsPerSecond, _minBitsPerSecond, _maxBitsPerSecond);
    }

    /// <summary>Bits per second the viewer's path is believed to carry: the lowest of the delay-based, loss-based and recent REMB limits.</summary>
    public long EstimateBitsPerSecond
    {
        get
        {
            if (FeedbackReports == 0)
            {
                // Viewers without transport-cc only tell us their REMB.
                return Clamp(_remb.HasValue ? _remb.BitsPerSecond : _initialBitsPerSecond);
            }

            double estimate = Math.Min(_delayBased.BitsPerSecond, _lossBased.BitsPerSecond);
            if (_remb.TryGetCap(_latestNowMs, out double cap))
            {
                estimate = Math.Min(estimate, cap);
            }

            return Clamp(estimate);
        }
    }

    /// <summary>Delay-based (AIMD) estimate.</summary>
    public long DelayBasedBitsPerSecond => Clamp(_delayBased.BitsPerSecond);

    /// <summary>Loss-based limit; equals the delay-based estimate while loss is low.</summary>
    public long LossBasedBitsPerSecond => Clamp(_lossBased.BitsPerSecond);

    /// <summary>Throughput of packets the receiver reported over the last ~500 ms of arrival time; 0 until measurable.</summary>
    public long AcknowledgedBitsPerSecond => (long)(_acknowledged.BitsPerSecond ?? 0);

    /// <summary>Loss fraction of the most recent sample of at least <see cref="LossSampler.MinPacketsPerSample"/> reported packets.</summary>
    public double LossFraction => _lossSampler.LossFraction;

    /// <summary>Latest verdict of the delay-gradient overuse detector.</summary>
    /// <remarks>A full drop-tail buffer (loss at a high delay floor) also cuts the delay-based rate without showing here, since it has no gradient.</remarks>
    public BandwidthUsage Usage => _detector.Usage;

    /// <summary>Number of transport-cc feedback packets consumed.</summary>
    public long FeedbackReports { get; private set; }

    /// <summary>Records a packet carrying a transport-wide sequence number as it leaves; O(1), allocation-free.</summary>
    /// <param name="transportSequence">Transport-wide sequence number in the packet's header extension.</param>
    /// <param name="sizeBytes">Size on the wire.</param>
    /// <param name="sendTimestamp">Send time in <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> units.</param>
    public void OnPacketSent(ushort transportSequence, int sizeBytes, long sendTimestamp) =>
        _history.Record(transportSequence, sizeBytes, sendTimestamp);

    /// <summary>Consumes one parsed transport-cc feedback packet; allocation-free.</summary>
    /// <param name="results">Per-packet results in feedback order; arrival times on the receiver's clock.</param>
    /// <param name="nowTimestamp">Time the feedback was received, in Stopwatch units.</param>
    public void OnTransportFeedback(ReadOnlySpan<PacketResult> results, long nowTimestamp)
    {
        double nowMs = AdvanceClock(nowTimestamp);
        FeedbackReports++;

        bool anyReceived = false;
        _queueDelay.BeginFeedback();
        foreach (ref readonly var result in results)
        {
            anyReceived |= Apply(result);
        }

        bool isNewLossSample = _lossSampler.TryCompleteSample();

        // The throughput window is summed over its buckets on each read: once per feedback serves both controllers.
        double? acknowledged = _acknowledged.BitsPerSecond;
        if (anyReceived)
        {
            // Without a received packet there is no new delay or throughput evidence to act on.
            _delayBased.Update(DelayBasedUsage(isNewLossSample), acknowledged, _acknowledged.RecentBitsPerSecond, nowMs);
        }

        _lossBased.Update(_lossSampler.LossFraction, isNewLossSample, _delayBased.BitsPerSecond, nowMs, acknowledged);
    }

    /// <summary>Records a REMB from the viewer; it caps the estimate for a few seconds.</summary>
    public void OnRemb(long bitsPerSecond, long nowTimestamp)
    {
        double nowMs = AdvanceClock(nowTimestamp);
        _remb.Update(Math.Max(bitsPerSecond, 0), nowMs);
    }

    /// <summary>Records the round-trip time measured from RTCP receiver reports.</summary>
    public void OnRoundTripTime(TimeSpan rtt)
    {
        if (rtt < TimeSpan.Zero)
        {
            return;
        }

        double rttMs = Math.Min(rtt.TotalMilliseconds, MaxRoundTripTimeMs);
        _delayBased.RoundTripTimeMs = rttMs;
        _lossBased.RoundTripTimeMs = rttMs;
    }

    private BandwidthUsage DelayBasedUsage(bool isNewLossSample)
    {
        // A queue that crept up too slowly for the trendline and now stays full shows no gradient,
        // only loss at a high delay floor; left alone the rate would sit above capacity for good.
        bool bufferOverflowing = isNewLossSample
            && _lossSampler.LossFraction >= LossBasedController.LowLossFraction
            && _queueDelay.StandingQueueMs >= StandingQueueThresholdMs;
        return bufferOverflowing ? BandwidthUsage.Overusing : _detector.Usage;
    }

    private bool Apply(in PacketResult result)
    {
        if (result.Received && result.ArrivalMicroseconds is > MaxArrivalMagnitudeMicroseconds or < -MaxArrivalMagnitudeMicroseconds)
        {
            return false;
        }

        switch (_history.Match(result.SequenceNumber, result.Received, out var packet))
        {
            case FeedbackMatch.Lost:
                _lossSampler.AddLost();
                return false;
            case FeedbackMatch.Received:
                _lossSampler.AddReceived();
                OnReceived(packet, result.ArrivalMicroseconds);
                return true;
            case FeedbackMatch.ReceivedAfterReportedLost:
                OnReceived(packet, result.ArrivalMicroseconds);
                return true;
            default:
                return false;
        }
    }

    private void OnReceived(in SentPacket packet, long arrivalMicroseconds)
    {
        _acknowledged.Add(arrivalMicroseconds, packet.SizeBytes);

        double sendMs = StopwatchTime.ToMilliseconds(packet.SendTimestamp);
        double arrivalMs = arrivalMicroseconds / 1000.0;
        _queueDelay.Add(sendMs, arrivalMs);
        if (_interArrival.TryAdd(sendMs, arrivalMs, out var delta))
        {
            _trendline.Update(delta);
            _detector.Detect(_trendline.ModifiedTrend, _trendline.Slope, delta.SendDeltaMs, delta.ArrivalTimeMs);
        }
        else if (_interArrival.WasReset)
        {
            _trendline.Reset();
            _queueDelay.Reset();
        }
    }

    private double AdvanceClock(long nowTimestamp)
    {
        // Never run the clock backwards, so a REMB cannot expire early or live forever.
        _latestNowMs = Math.Max(_latestNowMs, StopwatchTime.ToMilliseconds(nowTimestamp));
        return _latestNowMs;
    }

    private long Clamp(double bitsPerSecond) => (long)Math.Clamp(bitsPerSecond, _minBitsPerSecond, _maxBitsPerSecond);
}

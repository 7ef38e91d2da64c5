using Egress.WebRtc.Bandwidth;
using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Tests.Bandwidth.Simulation;

/// <summary>
/// Deterministic sender → bottleneck → receiver loop on a virtual clock: the sender paces
/// fixed-size packets at the estimate and the receiver returns feedback periodically.
/// </summary>
internal sealed class LinkSimulation
{
    private const long SampleIntervalUs = 100_000;
    private const long RoundTripReportIntervalUs = 1_000_000;

    private readonly SendSideBandwidthEstimator _estimator;
    private readonly FeedbackReceiver _receiver = new();
    private readonly Queue<(long ArrivalUs, long Sequence)> _inFlight = new();
    private readonly Queue<(long DeliverUs, PacketResult[] Results)> _feedbackInFlight = new();
    private readonly List<SimulationSample> _samples = [];
    private long _nowUs;
    private long _nextSendUs;
    private long _nextFeedbackUs;
    private long _nextSampleUs;
    private long _nextRoundTripReportUs;
    private long _nextSequence;

    public LinkSimulation(SendSideBandwidthEstimator estimator, BottleneckLink link)
    {
        _estimator = estimator;
        Link = link;
    }

    /// <summary>The bottleneck, exposed so tests can change capacity or loss mid-run.</summary>
    public BottleneckLink Link { get; }

    /// <summary>Size of every media packet.</summary>
    public int PacketSizeBytes { get; init; } = 1200;

    /// <summary>Transport-wide sequence number of the first packet; start near 65535 to cross the wrap early.</summary>
    public long FirstSequence
    {
        get => _nextSequence;
        init => _nextSequence = value;
    }

    /// <summary>How often the receiver sends transport-cc feedback.</summary>
    public long FeedbackIntervalUs { get; init; } = 50_000;

    /// <summary>When set, the sender never sends faster than this, whatever the estimate (an app-limited source).</summary>
    public double? ApplicationRateBitsPerSecond { get; set; }

    /// <summary>Sends at <see cref="ApplicationRateBitsPerSecond"/> whatever the estimate says (an encoder that cannot adapt).</summary>
    public bool IgnoresEstimate { get; init; }

    /// <summary>Snapshots taken every 100 ms of simulated time.</summary>
    public IReadOnlyList<SimulationSample> Samples => _samples;

    /// <summary>Current simulated time in seconds.</summary>
    public double NowSeconds => _nowUs / 1e6;

    /// <summary>Current simulated time as a Stopwatch timestamp, for calls the test makes itself (e.g. REMB).</summary>
    public long NowTimestamp => VirtualClock.ToTimestamp(_nowUs);

    /// <summary>Advances the simulation by <paramref name="seconds"/>.</summary>
    public void Run(double seconds)
    {
        long endUs = _nowUs + (long)(seconds * 1e6);
        while (true)
        {
            long next = Math.Min(Math.Min(_nextSendUs, _nextFeedbackUs), Math.Min(_nextSampleUs, _nextRoundTripReportUs));
            if (_feedbackInFlight.Count > 0)
            {
                next = Math.Min(next, _feedbackInFlight.Peek().DeliverUs);
            }

            if (next > endUs)
            {
                _nowUs = endUs;
                return;
            }

            _nowUs = next;
            Step();
        }
    }

    private void Step()
    {
        while (_feedbackInFlight.Count > 0 && _feedbackInFlight.Peek().DeliverUs <= _nowUs)
        {
            _estimator.OnTransportFeedback(_feedbackInFlight.Dequeue().Results, VirtualClock.ToTimestamp(_nowUs));
        }

        if (_nowUs >= _nextFeedbackUs)
        {
            SendFeedback();
            _nextFeedbackUs += FeedbackIntervalUs;
        }

        if (_nowUs >= _nextRoundTripReportUs)
        {
            double rttMs = (2 * Link.PropagationDelayMs) + Link.QueueDelayMs(_nowUs);
            _estimator.OnRoundTripTime(TimeSpan.FromMilliseconds(rttMs));
            _nextRoundTripReportUs += RoundTripReportIntervalUs;
        }

        if (_nowUs >= _nextSendUs)
        {
            SendPacket();
        }

        if (_nowUs >= _nextSampleUs)
        {
            TakeSample();
            _nextSampleUs += SampleIntervalUs;
        }
    }

    private void SendFeedback()
    {
        while (_inFlight.Count > 0 && _inFlight.Peek().ArrivalUs <= _nowUs)
        {
            var (arrivalUs, sequence) = _inFlight.Dequeue();
            _receiver.OnArrival(sequence, arrivalUs);
        }

        var results = _receiver.BuildFeedback();
        if (results.Length > 0)
        {
            long deliverUs = _nowUs + (long)(Link.PropagationDelayMs * 1000);
            _feedbackInFlight.Enqueue((deliverUs, results));
        }
    }

    private void SendPacket()
    {
        long sequence = _nextSequence++;
        _estimator.OnPacketSent((ushort)sequence, PacketSizeBytes, VirtualClock.ToTimestamp(_nowUs));
        if (Link.TrySend(_nowUs, PacketSizeBytes, out long arrivalUs))
        {
            _inFlight.Enqueue((arrivalUs, sequence));
        }

        double rate = _estimator.EstimateBitsPerSecond;
        if (ApplicationRateBitsPerSecond is { } applicationRate)
        {
            rate = IgnoresEstimate ? applicationRate : Math.Min(rate, applicationRate);
        }

        _nextSendUs = _nowUs + (long)Math.Ceiling(PacketSizeBytes * 8 / rate * 1e6);
    }

    private void TakeSample() => _samples.Add(new SimulationSample(
        NowSeconds,
        _estimator.EstimateBitsPerSecond,
        _estimator.DelayBasedBitsPerSecond,
        _estimator.LossBasedBitsPerSecond,
        _estimator.AcknowledgedBitsPerSecond,
        Link.QueueDelayMs(_nowUs),
        _estimator.LossFraction,
        _estimator.Usage));
}

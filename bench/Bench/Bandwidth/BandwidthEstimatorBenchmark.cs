using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Egress.WebRtc.Bandwidth;
using Sfu.Core.Rtcp;

namespace Bench.Bandwidth;

/// <summary>
/// What the send-side estimator costs a viewer: bookkeeping per packet sent (under the peer's send lock, on the
/// forwarding path) and processing one transport-cc feedback packet (on the receive loop), as Chromium sends them:
/// about every 50 ms, covering ≈ 13 packets at 2.5 Mbit/s or ≈ 50 at 10 Mbit/s.
/// </summary>
[MemoryDiagnoser]
public class BandwidthEstimatorBenchmark
{
    private const int Feedbacks = 64;

    private readonly long _packetInterval = Stopwatch.Frequency / 1000;
    private SendSideBandwidthEstimator _estimator = null!;
    private PacketResult[][] _feedback = null!;
    private ushort _sequence;
    private long _now;
    private int _next;

    [Params(13, 50)]
    public int PacketsPerFeedback { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        _now = Stopwatch.GetTimestamp();

        // A steady 1 ms packet spacing received with a little jitter; 2 % reported lost.
        var random = new Random(1);
        _feedback = new PacketResult[Feedbacks][];
        ushort sequence = 0;
        long arrival = 1_000_000;
        for (int f = 0; f < Feedbacks; f++)
        {
            _feedback[f] = new PacketResult[PacketsPerFeedback];
            for (int i = 0; i < PacketsPerFeedback; i++)
            {
                arrival += 1000 + random.Next(-200, 200);
                bool received = random.NextDouble() > 0.02;
                _feedback[f][i] = new PacketResult(sequence++, received, received ? arrival : 0);
            }
        }
    }

    /// <summary>One packet's bookkeeping: its transport-wide sequence number, size and send time.</summary>
    [Benchmark]
    public void OnPacketSent()
    {
        _now += _packetInterval;
        _estimator.OnPacketSent(_sequence++, 1244, _now);
    }

    /// <summary>One feedback packet: the packets it reports were sent first (not timed separately), then it is processed.</summary>
    [Benchmark]
    public long OnTransportFeedback()
    {
        var feedback = _feedback[_next++ % Feedbacks];
        foreach (var result in feedback)
        {
            _now += _packetInterval;
            _estimator.OnPacketSent(result.SequenceNumber, 1244, _now);
        }

        _estimator.OnTransportFeedback(feedback, _now);
        return _estimator.EstimateBitsPerSecond;
    }
}

using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Tests.Bandwidth.Simulation;

/// <summary>The viewer side: records arrivals and builds transport-cc style result lists, lost packets included.</summary>
internal sealed class FeedbackReceiver
{
    private readonly List<(long Sequence, long ArrivalUs)> _arrived = [];
    private long _nextUnreported = -1;

    /// <summary>Records a packet that reached the receiver (arrivals come in sequence order on a FIFO link).</summary>
    public void OnArrival(long sequence, long arrivalUs) => _arrived.Add((sequence, arrivalUs));

    /// <summary>Builds the feedback for everything since the last one; empty when nothing new arrived.</summary>
    public PacketResult[] BuildFeedback()
    {
        if (_arrived.Count == 0)
        {
            return [];
        }

        if (_nextUnreported < 0)
        {
            _nextUnreported = _arrived[0].Sequence;
        }

        long highest = _arrived[^1].Sequence;
        var results = new PacketResult[highest - _nextUnreported + 1];
        int next = 0;
        for (long sequence = _nextUnreported; sequence <= highest; sequence++)
        {
            bool received = next < _arrived.Count && _arrived[next].Sequence == sequence;
            long arrival = received ? _arrived[next++].ArrivalUs : 0;
            results[sequence - _nextUnreported] = new PacketResult((ushort)sequence, received, arrival);
        }

        _nextUnreported = highest + 1;
        _arrived.Clear();
        return results;
    }
}

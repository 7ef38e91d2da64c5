using Egress.WebRtc.Bandwidth;
using Egress.WebRtc.Tests.Bandwidth.Simulation;
using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Tests.Bandwidth.Fuzzing;

/// <summary>Replays generated operations against an estimator and checks its invariants after each one.</summary>
internal sealed class EstimatorFuzzer(SendSideBandwidthEstimator estimator, BandwidthEstimatorOptions options, ushort firstSequence)
{
    private long _nowUs = 1_000_000;
    private ushort _nextSequence = firstSequence;

    /// <summary>Applies one operation, then asserts the estimator is still sane.</summary>
    public void Apply(FuzzOperation operation)
    {
        switch (operation.Kind)
        {
            case FuzzOperationKind.SendContinuing:
                Send(_nextSequence, operation);
                break;
            case FuzzOperationKind.SendAtArbitrarySequence:
                Send(operation.Sequence, operation);
                break;
            case FuzzOperationKind.FeedbackForRecentPackets:
                estimator.OnTransportFeedback(RecentFeedback(operation), VirtualClock.ToTimestamp(_nowUs));
                break;
            case FuzzOperationKind.FeedbackArbitrary:
                estimator.OnTransportFeedback(operation.Results, VirtualClock.ToTimestamp(_nowUs));
                break;
            case FuzzOperationKind.Remb:
                estimator.OnRemb(operation.Value, VirtualClock.ToTimestamp(_nowUs));
                break;
            case FuzzOperationKind.RoundTripTime:
                estimator.OnRoundTripTime(TimeSpan.FromTicks(operation.Value));
                break;
        }

        _nowUs += operation.ClockStepUs;
        AssertSane();
    }

    private void Send(ushort first, FuzzOperation operation)
    {
        for (int i = 0; i < operation.Count; i++)
        {
            estimator.OnPacketSent((ushort)(first + i), operation.SizeBytes, VirtualClock.ToTimestamp(_nowUs));
            _nowUs += operation.ClockStepUs / 16;
        }

        _nextSequence = (ushort)(first + operation.Count);
    }

    private PacketResult[] RecentFeedback(FuzzOperation operation)
    {
        // Start somewhere in the last ~2000 sent numbers, so some results hit live history and some stale.
        var first = (ushort)(_nextSequence - (operation.Sequence % 2048));
        var results = new PacketResult[operation.Count];
        for (int i = 0; i < results.Length; i++)
        {
            bool received = ((operation.ReceivedMask >> (i % 64)) & 1) != 0;
            long arrival = operation.ArrivalBaseUs + ((long)i * operation.ArrivalStepUs);
            results[i] = new PacketResult((ushort)(first + i), received, received ? arrival : 0);
        }

        return results;
    }

    private void AssertSane()
    {
        long min = options.MinBitsPerSecond;
        long max = options.MaxBitsPerSecond;
        Assert.InRange(estimator.EstimateBitsPerSecond, min, max);
        Assert.InRange(estimator.DelayBasedBitsPerSecond, min, max);
        Assert.InRange(estimator.LossBasedBitsPerSecond, min, max);
        Assert.True(estimator.AcknowledgedBitsPerSecond >= 0);
        Assert.InRange(estimator.LossFraction, 0.0, 1.0);
        Assert.True(Enum.IsDefined(estimator.Usage));
    }
}

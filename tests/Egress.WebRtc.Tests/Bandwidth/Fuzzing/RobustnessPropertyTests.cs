using CsCheck;
using Egress.WebRtc.Bandwidth;
using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Tests.Bandwidth.Fuzzing;

public sealed class RobustnessPropertyTests
{
    private static readonly Gen<long> ArrivalMicroseconds = Gen.Frequency(
        (20, Gen.Long[0, 20_000_000]),
        (3, Gen.Long[-1_000_000_000_000, 1_000_000_000_000]),
        (1, Gen.Long));

    private static readonly Gen<PacketResult> AnyResult =
        Gen.Select(Gen.UShort, Gen.Bool, ArrivalMicroseconds, (sequence, received, arrival) => new PacketResult(sequence, received, arrival));

    private static readonly Gen<FuzzOperation> Operation = Gen.Select(
        Gen.Frequency(
            (6, Gen.Const(FuzzOperationKind.SendContinuing)),
            (1, Gen.Const(FuzzOperationKind.SendAtArbitrarySequence)),
            (6, Gen.Const(FuzzOperationKind.FeedbackForRecentPackets)),
            (2, Gen.Const(FuzzOperationKind.FeedbackArbitrary)),
            (1, Gen.Const(FuzzOperationKind.Remb)),
            (1, Gen.Const(FuzzOperationKind.RoundTripTime))),
        Gen.UShort,
        Gen.Int[0, 300],
        Gen.Frequency((10, Gen.Int[50, 1500]), (1, Gen.Int)),
        Gen.Frequency((10, Gen.Int[0, 100_000]), (1, Gen.Int[-5_000_000, 5_000_000])),
        ArrivalMicroseconds,
        Gen.Frequency((10, Gen.Int[0, 20_000]), (1, Gen.Int)),
        Gen.ULong,
        Gen.Frequency((5, Gen.Long[0, 50_000_000]), (1, Gen.Long)),
        AnyResult.Array[0, 80],
        (kind, sequence, count, size, clockStep, arrivalBase, arrivalStep, mask, value, results) =>
            new FuzzOperation(kind, sequence, count, size, clockStep, arrivalBase, arrivalStep, mask, value, results));

    private static readonly Gen<BandwidthEstimatorOptions> Options = Gen.Select(
        Gen.Long[1, 2_000_000],
        Gen.Long[0, 100_000_000],
        Gen.Long,
        (min, range, initial) => new BandwidthEstimatorOptions
        {
            MinBitsPerSecond = min,
            MaxBitsPerSecond = min + range,
            InitialBitsPerSecond = initial,
        });

    private static readonly Gen<ushort> FirstSequence = Gen.Frequency((1, Gen.UShort), (1, Gen.UShort[65_000, 65_535]));

    [Fact]
    public void Arbitrary_calls_never_throw_nor_leave_the_bounds()
    {
        Gen.Select(Options, FirstSequence, Operation.Array[1, 60]).Sample((options, firstSequence, operations) =>
        {
            var estimator = new SendSideBandwidthEstimator(options);
            var fuzzer = new EstimatorFuzzer(estimator, options, firstSequence);
            foreach (var operation in operations)
            {
                fuzzer.Apply(operation);
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Plausible_traffic_with_feedback_across_the_wrap_never_throws_nor_leaves_the_bounds()
    {
        var plausible = Operation.Where(o => o.Kind is FuzzOperationKind.SendContinuing or FuzzOperationKind.FeedbackForRecentPackets);
        Gen.Select(Gen.UShort[65_000, 65_535], plausible.Array[1, 100]).Sample((firstSequence, operations) =>
        {
            var options = new BandwidthEstimatorOptions();
            var fuzzer = new EstimatorFuzzer(new SendSideBandwidthEstimator(options), options, firstSequence);
            foreach (var operation in operations)
            {
                fuzzer.Apply(operation);
            }
        }, iter: 1_000);
    }

    [Theory]
    [InlineData(0, 1_000)]
    [InlineData(-1, 1_000)]
    [InlineData(1_000, 999)]
    public void Rejects_inconsistent_bounds(long min, long max)
    {
        var options = new BandwidthEstimatorOptions { MinBitsPerSecond = min, MaxBitsPerSecond = max };

        Assert.Throws<ArgumentOutOfRangeException>(() => new SendSideBandwidthEstimator(options));
    }
}

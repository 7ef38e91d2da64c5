using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Tests.Bandwidth.Fuzzing;

/// <summary>One generated call against the estimator; fields not used by <see cref="Kind"/> are ignored.</summary>
internal readonly record struct FuzzOperation(
    FuzzOperationKind Kind,
    ushort Sequence,
    int Count,
    int SizeBytes,
    int ClockStepUs,
    long ArrivalBaseUs,
    int ArrivalStepUs,
    ulong ReceivedMask,
    long Value,
    PacketResult[] Results)
{
    public override string ToString() => $"{Kind} seq {Sequence} count {Count} size {SizeBytes} step {ClockStepUs} arrival {ArrivalBaseUs}+{ArrivalStepUs} mask {ReceivedMask:X} value {Value} results {Results.Length}";
}

namespace Sfu.Core.Rtcp;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1): what a receiver says about one of our SSRCs.</summary>
/// <param name="Ssrc">The SSRC reported on (ours).</param>
/// <param name="FractionLost">Fraction lost since the last report, in 1/256.</param>
/// <param name="CumulativeLost">Packets lost since the start (signed 24-bit).</param>
/// <param name="ExtendedHighestSequence">Highest sequence number received, with the cycle count in the top 16 bits.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP time of the last SR received (LSR).</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR, in 1/65536 s (DLSR).</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport);

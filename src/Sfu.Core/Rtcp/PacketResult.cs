namespace Sfu.Core.Rtcp;

/// <summary>
/// Per-packet outcome carried by a transport-wide congestion control feedback message.
/// </summary>
/// <param name="SequenceNumber">Transport-wide sequence number of the RTP packet.</param>
/// <param name="Received">Whether the receiver reported the packet as received.</param>
/// <param name="ArrivalMicroseconds">
/// Absolute arrival time in microseconds on the receiver's clock (reference time × 64 ms plus
/// cumulative receive deltas); zero when <paramref name="Received"/> is false.
/// </param>
public readonly record struct PacketResult(ushort SequenceNumber, bool Received, long ArrivalMicroseconds);

namespace Egress.WebRtc.Bandwidth;

/// <summary>Spacing of two consecutive packet groups at the sender and at the receiver.</summary>
/// <param name="SendDeltaMs">Time between the groups' last send times.</param>
/// <param name="ArrivalDeltaMs">Time between the groups' last arrivals; larger than the send delta when a queue grows.</param>
/// <param name="ArrivalTimeMs">Receiver time at which the later group completed.</param>
internal readonly record struct GroupDelta(double SendDeltaMs, double ArrivalDeltaMs, double ArrivalTimeMs);

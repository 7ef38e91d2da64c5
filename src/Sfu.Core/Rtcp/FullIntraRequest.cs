namespace Sfu.Core.Rtcp;

/// <summary>One FCI entry of a FIR: whose keyframe is asked for, and the request's command sequence number.</summary>
/// <param name="Ssrc">The media sender asked for a keyframe.</param>
/// <param name="SequenceNumber">Increments per new request; a repeat with the same number is the same request.</param>
public readonly record struct FullIntraRequest(uint Ssrc, byte SequenceNumber);

namespace Sfu.Core.Forwarding;

/// <summary>The header fields one viewer sees for one forwarded packet.</summary>
/// <param name="Ssrc">The viewer's SSRC for this track.</param>
/// <param name="SequenceNumber">Sequence number continuous for the viewer.</param>
/// <param name="Timestamp">Timestamp continuous for the viewer.</param>
/// <param name="PayloadType">Payload type the viewer's SDP negotiated.</param>
public readonly record struct RtpRewrite(uint Ssrc, ushort SequenceNumber, uint Timestamp, byte PayloadType);

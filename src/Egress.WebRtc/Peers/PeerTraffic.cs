namespace Egress.WebRtc.Peers;

/// <summary>Traffic totals over peers: packets and bytes each way.</summary>
/// <param name="PacketsSent">Datagrams sent (RTP, RTCP).</param>
/// <param name="BytesSent">Bytes sent, encrypted, without UDP/IP headers.</param>
/// <param name="PacketsReceived">Datagrams received (STUN, DTLS, RTCP).</param>
/// <param name="BytesReceived">Bytes received.</param>
public readonly record struct PeerTraffic(long PacketsSent, long BytesSent, long PacketsReceived, long BytesReceived);

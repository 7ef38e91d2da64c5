namespace ControlPlane.Telemetry;

/// <summary>The node's rates over the last sampling interval.</summary>
/// <param name="PacketsSentPerSecond">WebRTC datagrams sent per second.</param>
/// <param name="BytesSentPerSecond">WebRTC bytes sent per second.</param>
/// <param name="PacketsReceivedPerSecond">Media packets published into the node per second.</param>
/// <param name="BytesReceivedPerSecond">Media bytes published into the node per second.</param>
/// <param name="CpuCores">Process CPU time per second of wall time (1.0 = one core busy).</param>
public sealed record NodeRates(double PacketsSentPerSecond, double BytesSentPerSecond, double PacketsReceivedPerSecond, double BytesReceivedPerSecond, double CpuCores);

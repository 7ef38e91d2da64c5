namespace ControlPlane.Cluster;

/// <summary>One node as the directory knows it: where to reach it and how loaded it is.</summary>
/// <param name="Id">The node's name.</param>
/// <param name="PublicUrl">Base URL for clients (WHEP, WHIP, the player).</param>
/// <param name="InternalUrl">Base URL for other nodes' relay requests.</param>
/// <param name="Draining">True while the node finishes its sessions and takes no new ones.</param>
/// <param name="Viewers">WHEP sessions open on the node.</param>
/// <param name="PacketsPerSecond">Media packets the node sends per second.</param>
/// <param name="CpuCores">CPU the node's process uses, in cores.</param>
public sealed record NodeRecord(string Id, string PublicUrl, string InternalUrl, bool Draining, int Viewers, double PacketsPerSecond, double CpuCores);

namespace ControlPlane.Cluster;

/// <summary>
/// Which node holds each live stream, and the nodes with their load. Entries expire unless renewed, so a node that
/// dies takes its streams out of the directory with it; renewing everything each heartbeat repopulates a directory
/// that lost its state.
/// </summary>
public interface IStreamDirectory
{
    /// <summary>Records or renews <paramref name="node"/> for <paramref name="expiry"/>.</summary>
    Task AnnounceNodeAsync(NodeRecord node, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>Takes a node out at once (it is draining or stopping).</summary>
    Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>
    /// Records or renews that <paramref name="nodeId"/> is the origin of <paramref name="stream"/>, unless another node
    /// holds the name; returns that other node's id then (the first to claim a name keeps it), else null.
    /// </summary>
    Task<string?> AnnounceStreamAsync(string stream, string nodeId, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>Forgets <paramref name="stream"/> if <paramref name="nodeId"/> still holds it.</summary>
    Task WithdrawStreamAsync(string stream, string nodeId, CancellationToken cancellationToken);

    /// <summary>The live node holding <paramref name="stream"/>, or null.</summary>
    Task<NodeRecord?> FindOriginAsync(string stream, CancellationToken cancellationToken);

    /// <summary>The nodes whose entries are live.</summary>
    Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken cancellationToken);
}

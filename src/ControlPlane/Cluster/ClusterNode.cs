namespace ControlPlane.Cluster;

/// <summary>This node's identity and settings in the cluster, and the directory it shares with the others.</summary>
public sealed class ClusterNode(ClusterOptions options, string nodeId, string publicUrl, string internalUrl, IStreamDirectory directory) : IAsyncDisposable
{
    /// <summary>The settings.</summary>
    public ClusterOptions Options { get; } = options;

    /// <summary>This node's name.</summary>
    public string NodeId { get; } = nodeId;

    /// <summary>Where clients reach this node.</summary>
    public string PublicUrl { get; } = publicUrl.TrimEnd('/');

    /// <summary>Where other nodes reach this node.</summary>
    public string InternalUrl { get; } = internalUrl.TrimEnd('/');

    /// <summary>The shared directory (in memory when the node runs alone).</summary>
    public IStreamDirectory Directory { get; } = directory;

    /// <summary>True when other nodes can exist: a shared directory is configured.</summary>
    public bool IsClustered => !string.IsNullOrWhiteSpace(Options.Redis);

    /// <summary>The node holding <paramref name="stream"/> when it is another one; null when none or this one.</summary>
    public async Task<NodeRecord?> FindOtherOriginAsync(string stream, CancellationToken cancellationToken)
    {
        if (!IsClustered)
        {
            return null;
        }

        var origin = await Directory.FindOriginAsync(stream, cancellationToken).ConfigureAwait(false);
        return origin is null || origin.Id == NodeId ? null : origin;
    }

    /// <summary>The least-loaded other node that takes new sessions, for placing a client this node turns away.</summary>
    public async Task<NodeRecord?> PickOtherNodeAsync(CancellationToken cancellationToken)
    {
        if (!IsClustered)
        {
            return null;
        }

        var nodes = await Directory.NodesAsync(cancellationToken).ConfigureAwait(false);
        return nodes.Where(n => n.Id != NodeId && !n.Draining).OrderBy(n => n.Viewers).ThenBy(n => n.CpuCores).FirstOrDefault();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Directory is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}

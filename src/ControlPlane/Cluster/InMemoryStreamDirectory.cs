using System.Collections.Concurrent;

namespace ControlPlane.Cluster;

/// <summary>The single-node directory: the same expiry rules as Redis, in this process only.</summary>
public sealed class InMemoryStreamDirectory(TimeProvider? time = null) : IStreamDirectory
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (NodeRecord Node, DateTimeOffset Until)> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string NodeId, DateTimeOffset Until)> _streams = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task AnnounceNodeAsync(NodeRecord node, TimeSpan expiry, CancellationToken cancellationToken)
    {
        _nodes[node.Id] = (node, _time.GetUtcNow() + expiry);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        _nodes.TryRemove(nodeId, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<string?> AnnounceStreamAsync(string stream, string nodeId, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var entry = _streams.AddOrUpdate(
            stream,
            _ => (nodeId, now + expiry),
            (_, held) => held.NodeId == nodeId || held.Until <= now ? (nodeId, now + expiry) : held);
        return Task.FromResult(entry.NodeId == nodeId ? null : entry.NodeId);
    }

    /// <inheritdoc/>
    public Task WithdrawStreamAsync(string stream, string nodeId, CancellationToken cancellationToken)
    {
        if (_streams.TryGetValue(stream, out var entry) && entry.NodeId == nodeId)
        {
            _streams.TryRemove(KeyValuePair.Create(stream, entry));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<NodeRecord?> FindOriginAsync(string stream, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        NodeRecord? origin = _streams.TryGetValue(stream, out var entry) && entry.Until > now
            && _nodes.TryGetValue(entry.NodeId, out var node) && node.Until > now
            ? node.Node
            : null;
        return Task.FromResult(origin);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        IReadOnlyList<NodeRecord> live = [.. _nodes.Values.Where(n => n.Until > now).Select(n => n.Node).OrderBy(n => n.Id, StringComparer.Ordinal)];
        return Task.FromResult(live);
    }
}

using System.Collections.Concurrent;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace ControlPlane.Cluster;

/// <summary>This node's pulls of other nodes' streams: at most one per stream, however many viewers ask for it.</summary>
public sealed class RelayManager(ClusterNode node, StreamRegistry registry, RelayMetrics metrics, RtpPacketPool pool, ILogger<RelayManager> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RelayPull> _pulls = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Streams being pulled now.</summary>
    public int Count => _pulls.Count;

    /// <summary>
    /// Makes <paramref name="stream"/> available here by pulling it from <paramref name="origin"/> (or joining the pull
    /// already running); true once it has video, false when the relay could not start in time.
    /// </summary>
    public async Task<bool> EnsureAsync(string stream, NodeRecord origin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(node.Options.Secret))
        {
            return false;
        }

        RelayPull pull;
        lock (_gate)
        {
            if (!_pulls.TryGetValue(stream, out pull!) || pull.Completion.IsCompleted)
            {
                pull = new RelayPull(stream, origin, node, registry, metrics, pool, logger);
                _pulls[stream] = pull;
                pull.Start();
                _ = pull.Completion.ContinueWith(_ => _pulls.TryRemove(KeyValuePair.Create(stream, pull)), TaskScheduler.Default);
            }
        }

        try
        {
            return await pull.Ready.WaitAsync(node.Options.RelayStartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Waits for a pull of <paramref name="stream"/> still starting here; false only when one is and fails to start in time.</summary>
    public async Task<bool> WaitUntilStartedAsync(string stream, CancellationToken cancellationToken)
    {
        if (!_pulls.TryGetValue(stream, out var pull))
        {
            return true;
        }

        try
        {
            return await pull.Ready.WaitAsync(node.Options.RelayStartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var pull in _pulls.Values)
        {
            pull.Stop();
        }

        await Task.WhenAll(_pulls.Values.Select(p => p.Completion)).ConfigureAwait(false);
    }
}

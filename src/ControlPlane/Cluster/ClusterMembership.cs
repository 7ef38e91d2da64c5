using ControlPlane.Draining;
using ControlPlane.Telemetry;
using Egress.WebRtc.Whep;
using Sfu.Core.Streams;

namespace ControlPlane.Cluster;

/// <summary>
/// Keeps this node and the streams it originates in the directory: renewed every heartbeat (which also repopulates a
/// directory that restarted empty), announced as soon as a stream starts, withdrawn when it ends. A draining node is
/// marked so (no new sessions are placed on it) but keeps its live streams findable, since their publishers are still
/// here and other nodes relay from it; a stopping node takes everything out.
/// </summary>
public sealed class ClusterMembership(
    ClusterNode node,
    StreamRegistry registry,
    DrainState drain,
    WhepService whep,
    TrafficSampler traffic,
    ILogger<ClusterMembership> logger) : BackgroundService
{
    private readonly HashSet<string> _conflicts = [];
    private bool _reachable = true;
    private int _left;
    private Task _drainMark = Task.CompletedTask;

    /// <summary>Stream origin is claimed by the node a publisher sends to; relayed copies are not origins.</summary>
    public static bool IsOrigin(LiveStream stream) => stream.Publisher.Protocol != RelayPublisher.Protocol;

    /// <inheritdoc/>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.StreamStarted += OnStreamStarted;
        registry.StreamResumed += OnStreamStarted;
        registry.StreamEnded += OnStreamEnded;
        drain.Started += OnDrainStarted;
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        registry.StreamStarted -= OnStreamStarted;
        registry.StreamResumed -= OnStreamStarted;
        registry.StreamEnded -= OnStreamEnded;
        drain.Started -= OnDrainStarted;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await LeaveAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(node.Options.HeartbeatInterval);
        do
        {
            if (Volatile.Read(ref _left) != 0)
            {
                continue;
            }

            try
            {
                await RenewAsync(stoppingToken).ConfigureAwait(false);
                if (!_reachable)
                {
                    _reachable = true;
                    logger.LogInformation("Stream directory reachable again; node {Node} and its streams re-announced", node.NodeId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (_reachable)
                {
                    _reachable = false;
                    logger.LogWarning("Stream directory unreachable ({Reason}); streams keep playing here, other nodes cannot find them until it is back", ex.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var rates = traffic.Rates;
        var record = new NodeRecord(node.NodeId, node.PublicUrl, node.InternalUrl, drain.IsDraining, whep.SessionCount, rates.PacketsSentPerSecond, rates.CpuCores);
        await node.Directory.AnnounceNodeAsync(record, node.Options.Expiry, cancellationToken).ConfigureAwait(false);
        foreach (var stream in registry.Streams)
        {
            if (!IsOrigin(stream) || stream.IsEnded)
            {
                continue;
            }

            // A draining node refuses the encoder's reconnect, so a stream waiting for it can only end here.
            if (drain.IsDraining && stream.IsWaitingForPublisher)
            {
                await node.Directory.WithdrawStreamAsync(stream.Name, node.NodeId, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await AnnounceAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AnnounceAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        string? holder = await node.Directory.AnnounceStreamAsync(stream.Name, node.NodeId, node.Options.Expiry, cancellationToken).ConfigureAwait(false);
        if (holder is not null)
        {
            lock (_conflicts)
            {
                if (_conflicts.Add(stream.Name))
                {
                    logger.LogWarning("Stream {Stream} is also published on node {Holder}, which claimed it first; viewers elsewhere are sent there, not here", stream.Name, holder);
                }
            }
        }
        else if (stream.IsEnded || Volatile.Read(ref _left) != 0)
        {
            // It ended, or the node left, while this renewal was on its way: the withdraw may have gone first.
            await node.Directory.WithdrawStreamAsync(stream.Name, node.NodeId, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnStreamStarted(LiveStream stream)
    {
        if (IsOrigin(stream) && Volatile.Read(ref _left) == 0)
        {
            Fire(AnnounceAsync(stream, CancellationToken.None), "announce", stream.Name);
        }
    }

    private void OnStreamEnded(LiveStream stream)
    {
        if (IsOrigin(stream))
        {
            lock (_conflicts)
            {
                _conflicts.Remove(stream.Name);
            }

            Fire(node.Directory.WithdrawStreamAsync(stream.Name, node.NodeId, CancellationToken.None), "withdraw", stream.Name);
        }
    }

    /// <summary>Marks the node draining in the directory at once rather than at the next heartbeat.</summary>
    private void OnDrainStarted()
    {
        _drainMark = RenewAsync(CancellationToken.None);
        Fire(_drainMark, "mark draining", node.NodeId);
    }

    /// <summary>Takes the node and its streams out of the directory as it stops.</summary>
    private async Task LeaveAsync()
    {
        if (Interlocked.Exchange(ref _left, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            // The drain's renewal must not land after the withdrawals below and re-claim what this node gives up.
            await Task.WhenAny(_drainMark, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);

            foreach (var stream in registry.Streams)
            {
                if (IsOrigin(stream))
                {
                    await node.Directory.WithdrawStreamAsync(stream.Name, node.NodeId, timeout.Token).ConfigureAwait(false);
                }
            }

            await node.Directory.RemoveNodeAsync(node.NodeId, timeout.Token).ConfigureAwait(false);
            logger.LogInformation("Node {Node} left the stream directory", node.NodeId);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Node {Node} could not leave the stream directory ({Reason}); its entries expire in {Expiry}", node.NodeId, ex.Message, node.Options.Expiry);
        }
    }

    private void Fire(Task task, string what, string stream) =>
        task.ContinueWith(
            t => logger.LogWarning("Could not {What} stream {Stream} in the directory ({Reason}); the next heartbeat tries again", what, stream, t.Exception?.GetBaseException().Message),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
}

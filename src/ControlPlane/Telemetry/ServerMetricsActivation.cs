namespace ControlPlane.Telemetry;

/// <summary>Creates <see cref="ServerMetrics"/> at startup, so its instruments exist before the first scrape.</summary>
public sealed class ServerMetricsActivation : IHostedService
{
    /// <summary>Resolving the metrics creates them.</summary>
    public ServerMetricsActivation(ServerMetrics metrics)
    {
        _ = metrics;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

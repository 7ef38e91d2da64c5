using Microsoft.Extensions.Options;
using Sfu.Core.Sessions;

namespace ControlPlane.Draining;

/// <summary>
/// On shutdown (SIGTERM, Kubernetes' preStop), drains before anything stops: new sessions are refused while the
/// existing ones keep their media until they leave or the shutdown timeout passes.
/// </summary>
public sealed class DrainOnShutdown : IHostedLifecycleService
{
    private readonly DrainState _drain;
    private readonly SessionRegistry _sessions;
    private readonly DrainOptions _options;
    private readonly ILogger<DrainOnShutdown> _logger;

    /// <summary>Creates the service.</summary>
    public DrainOnShutdown(DrainState drain, SessionRegistry sessions, IOptions<DrainOptions> options, ILogger<DrainOnShutdown> logger)
    {
        _drain = drain;
        _sessions = sessions;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _drain.Start();
        if (_sessions.Count == 0 || _options.ShutdownTimeout <= TimeSpan.Zero)
        {
            return;
        }

        _logger.LogInformation("Shutting down: draining {Count} sessions for up to {Timeout:0} s", _sessions.Count, _options.ShutdownTimeout.TotalSeconds);
        var deadline = DateTime.UtcNow + _options.ShutdownTimeout;
        while (_sessions.Count > 0 && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(200, CancellationToken.None).ConfigureAwait(false);
        }

        if (_sessions.Count > 0)
        {
            _logger.LogWarning("Drain timeout: closing the {Count} sessions still open", _sessions.Count);
        }
    }

    /// <inheritdoc/>
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

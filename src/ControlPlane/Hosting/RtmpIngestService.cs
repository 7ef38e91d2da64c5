using Ingest.Rtmp.Server;

namespace ControlPlane.Hosting;

/// <summary>Runs the RTMP listener for the lifetime of the host.</summary>
public sealed class RtmpIngestService : IHostedService
{
    private readonly RtmpServer _server;

    /// <summary>Wraps the server created by dependency injection.</summary>
    public RtmpIngestService(RtmpServer server)
    {
        _server = server;
    }

    /// <summary>True once the RTMP port is bound.</summary>
    public bool IsListening { get; private set; }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server.Start();
        IsListening = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IsListening = false;
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}

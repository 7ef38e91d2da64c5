using Egress.WebRtc.Peers;

namespace ControlPlane.Hosting;

/// <summary>Binds the WebRTC UDP port at startup (so a bad port fails fast) and closes every peer at shutdown.</summary>
public sealed class WebRtcHostService : IHostedService
{
    private readonly WebRtcHost _host;

    /// <summary>Resolving the host binds its socket.</summary>
    public WebRtcHostService(WebRtcHost host)
    {
        _host = host;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken) => await _host.DisposeAsync().ConfigureAwait(false);
}

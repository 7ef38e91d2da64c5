using ControlPlane.Draining;
using ControlPlane.Hosting;
using Egress.WebRtc.Peers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ControlPlane.Health;

/// <summary>Ready = the RTMP listener and the WebRTC port are up and the node is not draining (for /readyz and gRPC health).</summary>
public sealed class Readiness : IHealthCheck
{
    private readonly RtmpIngestService _rtmp;
    private readonly WebRtcHost _webRtc;
    private readonly DrainState _drain;

    /// <summary>Creates the check.</summary>
    public Readiness(RtmpIngestService rtmp, WebRtcHost webRtc, DrainState drain)
    {
        _rtmp = rtmp;
        _webRtc = webRtc;
        _drain = drain;
    }

    /// <summary>Null when ready, else why not.</summary>
    public string? Problem =>
        _drain.IsDraining ? "draining"
        : !_rtmp.IsListening ? "rtmp ingest not listening"
        : _webRtc.Port == 0 ? "webrtc port not bound"
        : null;

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());
}

using ControlPlane.Hosting;

namespace ControlPlane.Health;

/// <summary>Liveness (<c>/healthz</c>) and readiness (<c>/readyz</c>) for Kubernetes probes.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps both endpoints.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text(
            RtmpIngestService.CodecBridgeProblem is { } problem ? $"ok (degraded: no audio for WebRTC viewers: {problem})\n" : "ok\n"));
        endpoints.MapGet("/readyz", (Readiness readiness) =>
            readiness.Problem is { } problem ? Results.Text(problem + "\n", statusCode: StatusCodes.Status503ServiceUnavailable) : Results.Text("ready\n"));
    }
}

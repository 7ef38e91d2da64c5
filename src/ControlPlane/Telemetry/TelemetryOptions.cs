namespace ControlPlane.Telemetry;

/// <summary>OpenTelemetry export (configuration section <c>Sfu:Telemetry</c>); Prometheus at <c>/metrics</c> is always on.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OTLP collector to send metrics, traces and logs to (e.g. <c>http://otel-collector:4317</c>); off when empty.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed over OTLP.</summary>
    public TimeSpan OtlpMetricInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "sfu";
}

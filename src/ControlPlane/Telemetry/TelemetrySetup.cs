using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sfu.Core.Stats;

namespace ControlPlane.Telemetry;

/// <summary>Wires OpenTelemetry: the server's meter and activity source, ASP.NET Core, Prometheus and optional OTLP.</summary>
public static class TelemetrySetup
{
    /// <summary>Registers metrics, traces and (with OTLP) logs.</summary>
    public static void AddSfuTelemetry(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        bool otlp = !string.IsNullOrWhiteSpace(options.OtlpEndpoint);
        bool http = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase);
        void Configure(OtlpExporterOptions exporter, string signalPath)
        {
            // With http/protobuf the exporter posts to the endpoint as given, so the signal's path is added here.
            var endpoint = new Uri(options.OtlpEndpoint!);
            exporter.Endpoint = http ? new Uri(endpoint, signalPath) : endpoint;
            exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ForwardingMetrics.MeterName).AddMeter(Cluster.RelayMetrics.MeterName).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpMetricInterval.TotalMilliseconds;
                    });
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ForwardingMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter(exporter => Configure(exporter, "v1/traces"));
                }
            });

        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                // The rendered message next to the template and its attributes: what an operator reads in the log backend.
                logging.IncludeFormattedMessage = true;
                logging.AddOtlpExporter(exporter => Configure(exporter, "v1/logs"));
            });
        }
    }
}

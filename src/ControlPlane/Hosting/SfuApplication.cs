using System.Net;
using ControlPlane.Admin;
using ControlPlane.Auth;
using ControlPlane.Cluster;
using ControlPlane.Draining;
using ControlPlane.Events;
using ControlPlane.Health;
using ControlPlane.Player;
using ControlPlane.Storage;
using ControlPlane.Telemetry;
using ControlPlane.Whep;
using ControlPlane.Whip;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Transport;
using Egress.WebRtc.Whep;
using Ingest.Rtmp.Auth;
using Ingest.Rtmp.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Sfu.Core.Rtp;
using Sfu.Core.Sessions;
using Sfu.Core.Streams;

namespace ControlPlane.Hosting;

/// <summary>Builds the server process: configuration, services, listeners and HTTP/gRPC endpoints.</summary>
public static class SfuApplication
{
    /// <summary>Creates the application from command-line arguments (ASP.NET Core configuration conventions).</summary>
    /// <param name="args">Command-line configuration.</param>
    /// <param name="configure">Last changes before the build (tests add log capture here).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var configuration = builder.Configuration;
        var sfu = configuration.GetSection(SfuOptions.Section).Get<SfuOptions>() ?? new SfuOptions();
        var admin = configuration.GetSection($"{SfuOptions.Section}:Admin").Get<AdminOptions>() ?? new AdminOptions();
        var drain = configuration.GetSection($"{SfuOptions.Section}:Drain").Get<DrainOptions>() ?? new DrainOptions();
        var telemetry = configuration.GetSection($"{SfuOptions.Section}:Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();

        var listeners = new SfuListeners();
        builder.Services.AddSingleton(listeners);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ParseAddress(sfu.HttpListenAddress, "Sfu:HttpListenAddress"), sfu.HttpPort, listen => listeners.Http = listen);
            kestrel.Listen(ParseAddress(admin.GrpcListenAddress, "Sfu:Admin:GrpcListenAddress"), admin.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listeners.Grpc = listen;
            });
        });

        // Drain on SIGTERM must finish before the host's own shutdown timeout cuts it short.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = drain.ShutdownTimeout + TimeSpan.FromSeconds(15));

        AddCore(builder.Services);
        AddAuth(builder.Services, configuration, sfu);
        AddIngest(builder.Services, configuration);
        AddEgress(builder.Services, configuration);
        AddControl(builder.Services, configuration, drain);
        AddCluster(builder.Services, configuration, sfu);
        builder.AddSfuTelemetry(telemetry);
        configure?.Invoke(builder);

        var app = builder.Build();

        // Created now so its instruments exist before the first scrape.
        app.Services.GetRequiredService<ServerMetrics>();
        app.UseCors();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = RelayServer.KeepAliveInterval, KeepAliveTimeout = RelayServer.KeepAliveTimeout });
        app.MapHealthEndpoints();
        app.MapWhepEndpoints();
        app.MapWhipEndpoints();
        app.MapPlayerEndpoints();
        app.MapClusterEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGrpcService<AdminService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        app.Lifetime.ApplicationStarted.Register(() => LogEndpoints(app, admin));
        return app;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddSingleton<StreamRegistry>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton(RtpPacketPool.Shared);
    }

    private static void AddAuth(IServiceCollection services, IConfiguration configuration, SfuOptions sfu)
    {
        services.AddSingleton(sp => new SfuStore(Path.Combine(Path.GetFullPath(sfu.DataDirectory), "sfu.db")));
        services.AddSingleton(sp =>
        {
            string? configured = configuration[$"{SfuOptions.Section}:Play:TokenSecret"];
            byte[] secret = string.IsNullOrEmpty(configured)
                ? sp.GetRequiredService<SfuStore>().GetOrCreateSecret("play-token-hs256", 32)
                : System.Text.Encoding.UTF8.GetBytes(configured);
            return new PlayTokenService(secret, TimeProvider.System);
        });
        services.AddOptions<PublishOptions>()
            .Bind(configuration.GetSection($"{SfuOptions.Section}:Publish"))
            .Validate(
                o => o.Mode.Trim().Equals(PublishModes.Open, StringComparison.OrdinalIgnoreCase) || o.Mode.Trim().Equals(PublishModes.Keys, StringComparison.OrdinalIgnoreCase),
                $"Sfu:Publish:Mode must be '{PublishModes.Open}' or '{PublishModes.Keys}'.")
            .ValidateOnStart();
        services.AddSingleton<StreamKeyPublishAuthorizer>();
        services.AddSingleton<IPublishAuthorizer>(sp => new ClusterPublishAuthorizer(
            sp.GetRequiredService<StreamKeyPublishAuthorizer>(),
            sp.GetRequiredService<ClusterNode>(),
            sp.GetRequiredService<ILogger<ClusterPublishAuthorizer>>()));
        services.AddSingleton<IPlayAuthorizer, StreamPlayAuthorizer>();
    }

    private static void AddIngest(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RtmpServerOptions>(configuration.GetSection($"{SfuOptions.Section}:Rtmp"));
        services.AddSingleton(sp => new RtmpServer(
            sp.GetRequiredService<IOptions<RtmpServerOptions>>().Value,
            sp.GetRequiredService<StreamRegistry>(),
            sp.GetRequiredService<IPublishAuthorizer>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<RtpPacketPool>(),
            sp.GetRequiredService<SessionRegistry>()));
        services.AddSingleton<RtmpIngestService>();
        services.AddHostedService(sp => sp.GetRequiredService<RtmpIngestService>());
        services.AddHostedService<StreamEventLogger>();
    }

    private static void AddEgress(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebRtcOptions>()
            .Bind(configuration.GetSection($"{SfuOptions.Section}:WebRtc"))
            .Validate(o => o.PacingFactor >= 1, "Sfu:WebRtc:PacingFactor must be at least 1 (pacing below the estimate would build a queue on every viewer).")
            .Validate(o => o.InitialBandwidthEstimate >= 50_000, "Sfu:WebRtc:InitialBandwidthEstimate must be at least 50000 bit/s.")
            .Validate(o => o.AudioOnlyFallback.RequiredShare is > 0 and <= 2, "Sfu:WebRtc:AudioOnlyFallback:RequiredShare must be within (0, 2].")
            .ValidateOnStart();
        services.AddSingleton(sp => new WebRtcHost(
            sp.GetRequiredService<IOptions<WebRtcOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new WhepService(
            sp.GetRequiredService<StreamRegistry>(),
            sp.GetRequiredService<WebRtcHost>(),
            sp.GetRequiredService<ILogger<WhepService>>(),
            sp.GetRequiredService<SessionRegistry>()));
        services.AddSingleton(sp => new Egress.WebRtc.Whip.WhipService(
            sp.GetRequiredService<StreamRegistry>(),
            sp.GetRequiredService<WebRtcHost>(),
            sp.GetRequiredService<ILogger<Egress.WebRtc.Whip.WhipService>>(),
            sp.GetRequiredService<SessionRegistry>()));
        services.AddHostedService<WebRtcHostService>();
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("GET", "POST", "PATCH", "DELETE", "OPTIONS")
            .WithExposedHeaders("Location", "ETag", "Link", "Accept-Patch", "Accept-Post", "Retry-After")));
    }

    private static void AddControl(IServiceCollection services, IConfiguration configuration, DrainOptions drain)
    {
        services.Configure<AdminOptions>(configuration.GetSection($"{SfuOptions.Section}:Admin"));
        services.Configure<DrainOptions>(configuration.GetSection($"{SfuOptions.Section}:Drain"));
        services.AddSingleton(new DrainState { RetryAfterSeconds = drain.RetryAfterSeconds });
        services.AddSingleton<ServerEventHub>();
        services.AddHostedService<ServerEventSources>();
        services.AddHostedService<DrainOnShutdown>();
        services.AddSingleton<TrafficSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficSampler>());
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<Readiness>();
        services.AddGrpc(grpc => grpc.Interceptors.Add<AdminAuthInterceptor>());
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<Readiness>("ready");
    }

    private static void AddCluster(IServiceCollection services, IConfiguration configuration, SfuOptions sfu)
    {
        var options = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        if (!options.Mode.Trim().Equals(ClusterModes.Relay, StringComparison.OrdinalIgnoreCase) && !options.Redirects)
        {
            throw new InvalidOperationException($"Sfu:Cluster:Mode must be '{ClusterModes.Relay}' or '{ClusterModes.Redirect}', not '{options.Mode}'.");
        }

        string host = configuration[$"{SfuOptions.Section}:WebRtc:AnnouncedAddresses:0"]
            ?? (sfu.HttpListenAddress is "0.0.0.0" or "::" ? "127.0.0.1" : sfu.HttpListenAddress);
        if (IPAddress.TryParse(host, out var hostAddress) && hostAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            host = $"[{host}]";
        }

        string publicUrl = string.IsNullOrWhiteSpace(options.PublicUrl) ? $"http://{host}:{sfu.HttpPort}" : options.PublicUrl;
        string internalUrl = string.IsNullOrWhiteSpace(options.InternalUrl) ? publicUrl : options.InternalUrl;
        string nodeId = string.IsNullOrWhiteSpace(options.NodeId) ? $"{Environment.MachineName}-{sfu.HttpPort}" : options.NodeId;
        services.AddSingleton(options);
        services.AddSingleton(sp =>
        {
            IStreamDirectory directory = string.IsNullOrWhiteSpace(options.Redis)
                ? new InMemoryStreamDirectory()
                : RedisStreamDirectory.ConnectAsync(options.Redis, options.KeyPrefix).GetAwaiter().GetResult();
            return new ClusterNode(options, nodeId, publicUrl, internalUrl, directory);
        });
        services.AddSingleton<RelayMetrics>();
        services.AddSingleton<RelayServer>();
        services.AddSingleton<RelayManager>();
        services.AddSingleton<ClusterRouting>();
        services.AddHostedService<ClusterMembership>();
    }

    private static void LogEndpoints(WebApplication app, AdminOptions admin)
    {
        var listeners = app.Services.GetRequiredService<SfuListeners>();
        app.Logger.LogInformation(
            "HTTP on http://{Http}: WHIP /whip/{{stream}}, WHEP /whep/{{stream}}, player /play/{{stream}}, publish page /publish/{{stream}}, /metrics, /healthz, /readyz",
            listeners.HttpEndPoint);
        app.Logger.LogInformation(
            "gRPC admin API on http://{Grpc} ({Access})",
            listeners.GrpcEndPoint,
            string.IsNullOrEmpty(admin.ApiKey) ? "no API key configured: loopback callers only" : "API key required");
    }

    private static IPAddress ParseAddress(string address, string setting) =>
        IPAddress.TryParse(address, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"{setting} must be an IP address, not '{address}'.");
}

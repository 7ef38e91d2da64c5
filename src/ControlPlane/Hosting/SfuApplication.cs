using ControlPlane.Auth;
using ControlPlane.Health;
using ControlPlane.Player;
using ControlPlane.Whep;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Transport;
using Egress.WebRtc.Whep;
using Ingest.Rtmp.Auth;
using Ingest.Rtmp.Server;
using Microsoft.Extensions.Options;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace ControlPlane.Hosting;

/// <summary>Builds the server process: configuration, services, listeners and HTTP endpoints.</summary>
public static class SfuApplication
{
    /// <summary>Creates the application from command-line arguments (ASP.NET Core configuration conventions).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var sfu = builder.Configuration.GetSection(SfuOptions.Section).Get<SfuOptions>() ?? new SfuOptions();
        builder.WebHost.UseUrls($"http://{sfu.HttpListenAddress}:{sfu.HttpPort}");

        builder.Services.Configure<RtmpServerOptions>(builder.Configuration.GetSection($"{SfuOptions.Section}:Rtmp"));
        builder.Services.AddSingleton<StreamRegistry>();
        builder.Services.AddSingleton(RtpPacketPool.Shared);
        builder.Services.AddSingleton<IPublishAuthorizer, OpenPublishAuthorizer>();
        builder.Services.AddSingleton(sp => new RtmpServer(
            sp.GetRequiredService<IOptions<RtmpServerOptions>>().Value,
            sp.GetRequiredService<StreamRegistry>(),
            sp.GetRequiredService<IPublishAuthorizer>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<RtpPacketPool>()));
        builder.Services.AddSingleton<RtmpIngestService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RtmpIngestService>());
        builder.Services.AddHostedService<StreamEventLogger>();

        builder.Services.Configure<WebRtcOptions>(builder.Configuration.GetSection($"{SfuOptions.Section}:WebRtc"));
        builder.Services.AddSingleton(sp => new WebRtcHost(
            sp.GetRequiredService<IOptions<WebRtcOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<WhepService>();
        builder.Services.Configure<PlayAuthOptions>(builder.Configuration.GetSection($"{SfuOptions.Section}:Play"));
        builder.Services.AddSingleton<IPlayAuthorizer, TokenPlayAuthorizer>();
        builder.Services.AddHostedService<WebRtcHostService>();
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("GET", "POST", "PATCH", "DELETE", "OPTIONS")
            .WithExposedHeaders("Location", "ETag", "Link", "Accept-Patch", "Accept-Post")));

        var app = builder.Build();
        app.UseCors();
        app.MapHealthEndpoints();
        app.MapWhepEndpoints();
        app.MapPlayerEndpoints();
        return app;
    }
}

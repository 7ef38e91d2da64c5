using System.Net;
using ControlPlane.Hosting;
using Ingest.Rtmp.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests;

public sealed class SfuApplicationTests
{
    [Fact]
    public async Task WithNoConfigurationTheDocumentedDefaultsApply()
    {
        await using var app = SfuApplication.Build([]);
        var rtmp = app.Services.GetRequiredService<IOptions<RtmpServerOptions>>().Value;
        Assert.Equal((1935, "live", "0.0.0.0"), (rtmp.Port, rtmp.Application, rtmp.ListenAddress));
        Assert.Equal("http://0.0.0.0:8080", app.Configuration["urls"]);
    }

    [Fact]
    public async Task CommandLineOverridesFollowAspNetConventions()
    {
        await using var app = SfuApplication.Build(["--Sfu:Rtmp:Port=1936", "--Sfu:Rtmp:Application=studio", "--Sfu:HttpPort=9090", "--Sfu:Rtmp:IdleTimeout=00:01:00"]);
        var rtmp = app.Services.GetRequiredService<IOptions<RtmpServerOptions>>().Value;
        Assert.Equal((1936, "studio", TimeSpan.FromMinutes(1)), (rtmp.Port, rtmp.Application, rtmp.IdleTimeout));
        Assert.Equal("http://0.0.0.0:9090", app.Configuration["urls"]);
    }

    [Fact]
    public async Task HealthAndReadinessAnswerOnceListening()
    {
        await using var app = SfuApplication.Build(["--Sfu:HttpPort=0", "--Sfu:HttpListenAddress=127.0.0.1", "--Sfu:Rtmp:Port=0", "--Sfu:Rtmp:ListenAddress=127.0.0.1", "--Sfu:WebRtc:Port=0", "--Sfu:WebRtc:ListenAddress=127.0.0.1"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal("ready\n", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
        await app.StopAsync();
    }
}

using System.Net;
using ControlPlane.Admin;
using ControlPlane.Draining;
using ControlPlane.Hosting;
using Ingest.Rtmp.Server;
using Microsoft.Extensions.Configuration;
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
        var sfu = app.Configuration.GetSection(SfuOptions.Section).Get<SfuOptions>() ?? new SfuOptions();
        Assert.Equal((8080, "0.0.0.0", "data"), (sfu.HttpPort, sfu.HttpListenAddress, sfu.DataDirectory));
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        Assert.Equal((50051, null), (admin.GrpcPort, admin.ApiKey));
        Assert.Equal(TimeSpan.FromSeconds(30), app.Services.GetRequiredService<IOptions<DrainOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task CommandLineOverridesFollowAspNetConventions()
    {
        await using var app = SfuApplication.Build(["--Sfu:Rtmp:Port=1936", "--Sfu:Rtmp:Application=studio", "--Sfu:Admin:GrpcPort=50052", "--Sfu:Rtmp:IdleTimeout=00:01:00"]);
        var rtmp = app.Services.GetRequiredService<IOptions<RtmpServerOptions>>().Value;
        Assert.Equal((1936, "studio", TimeSpan.FromMinutes(1)), (rtmp.Port, rtmp.Application, rtmp.IdleTimeout));
        Assert.Equal(50052, app.Services.GetRequiredService<IOptions<AdminOptions>>().Value.GrpcPort);
    }

    [Fact]
    public async Task AloneTheNodeKeepsItsDirectoryInMemoryAndNamesItselfFromItsAddress()
    {
        await using var app = SfuApplication.Build(["--Sfu:HttpPort=8181", "--Sfu:WebRtc:AnnouncedAddresses:0=::1"]);
        var node = app.Services.GetRequiredService<ControlPlane.Cluster.ClusterNode>();
        Assert.False(node.IsClustered);
        Assert.IsType<ControlPlane.Cluster.InMemoryStreamDirectory>(node.Directory);
        Assert.Equal(($"{Environment.MachineName}-8181", "http://[::1]:8181", "http://[::1]:8181", false), (node.NodeId, node.PublicUrl, node.InternalUrl, node.Options.Redirects));
    }

    [Fact]
    public void AnUnknownClusterModeIsRefusedAtStartNamingTheSetting()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => SfuApplication.Build(["--Sfu:Cluster:Mode=mirror"]));
        Assert.Contains("Sfu:Cluster:Mode must be 'relay' or 'redirect', not 'mirror'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAndReadinessAnswerOnceListeningAndReadinessFailsWhileDraining()
    {
        var data = Directory.CreateTempSubdirectory("sfu-app-test-");
        try
        {
            await using var app = SfuApplication.Build([
                "--Sfu:HttpPort=0", "--Sfu:HttpListenAddress=127.0.0.1", "--Sfu:Admin:GrpcPort=0", "--Sfu:Admin:GrpcListenAddress=127.0.0.1",
                "--Sfu:Rtmp:Port=0", "--Sfu:Rtmp:ListenAddress=127.0.0.1", "--Sfu:WebRtc:Port=0", "--Sfu:WebRtc:ListenAddress=127.0.0.1",
                $"--Sfu:DataDirectory={data.FullName}"]);
            await app.StartAsync();
            var listeners = app.Services.GetRequiredService<SfuListeners>();
            Assert.NotEqual(0, listeners.HttpEndPoint.Port);
            Assert.NotEqual(listeners.HttpEndPoint.Port, listeners.GrpcEndPoint.Port);
            using var client = new HttpClient { BaseAddress = new Uri($"http://{listeners.HttpEndPoint}") };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            Assert.Equal("ready\n", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));

            app.Services.GetRequiredService<DrainState>().Start();
            using var draining = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, draining.StatusCode);
            Assert.Equal("draining\n", await draining.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }
}

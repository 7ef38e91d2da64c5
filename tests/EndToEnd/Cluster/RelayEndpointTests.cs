using System.Net;
using ControlPlane.Cluster;
using EndToEnd.Infrastructure;

namespace EndToEnd.Cluster;

/// <summary>The origin's relay endpoint turns away what is not a signed relay request for a live stream, saying why.</summary>
public sealed class RelayEndpointTests
{
    [Fact]
    public async Task UnsignedWronglySignedOrMisdirectedRelayRequestsAreRefusedAndTheStreamPlaysOn()
    {
        await using var server = await ServerUnderTest.StartAsync("--Sfu:Cluster:Secret=right-secret");
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("show"), Encoders.PlainProfile, "320x180", 30, realtime: true));
        await server.WaitForStreamAsync("show", TimeSpan.FromSeconds(20));
        using var client = new HttpClient();

        async Task<(HttpStatusCode, string)> Get(string stream, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.HttpBase, "/internal/relay/" + stream));
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var now = DateTimeOffset.UtcNow;
        var (status, reason) = await Get("show", null);
        Assert.Equal((HttpStatusCode.Unauthorized, true), (status, reason.Contains("Relay token", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("show", RelayToken.Create("wrong-secret", "show", now))).Item1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("show", RelayToken.Create("right-secret", "other", now))).Item1);
        (status, reason) = await Get("absent", RelayToken.Create("right-secret", "absent", now));
        Assert.Equal((HttpStatusCode.NotFound, true), (status, reason.Contains("not published on this node", StringComparison.Ordinal)));
        (status, reason) = await Get("show", RelayToken.Create("right-secret", "show", now));
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, reason.Contains("WebSocket", StringComparison.Ordinal)));
        Assert.Contains(server.Logs.Lines, l => l.Contains("Relay request for show", StringComparison.Ordinal) && l.Contains("refused", StringComparison.Ordinal));

        Assert.True(server.Registry.TryGet("show", out var stream) && !stream.IsEnded);
    }

    [Fact]
    public async Task WithoutAClusterSecretTheNodeServesNoRelay()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(server.HttpBase, "/internal/relay/show"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Sfu:Cluster:Secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

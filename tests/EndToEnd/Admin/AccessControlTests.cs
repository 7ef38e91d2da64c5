using System.Net;
using ControlPlane.Auth;
using ControlPlane.Storage;
using EndToEnd.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Admin.V1;
using Xunit.Abstractions;

namespace EndToEnd.Admin;

/// <summary>Who may administer, publish and play: the refusals a stranger gets, and that no secret leaks in them.</summary>
public sealed class AccessControlTests(ITestOutputHelper output)
{
    private const string ApiKey = "the-real-admin-key-0123456789";

    [Fact]
    public async Task AdminApiNeedsItsKeyButHealthDoesNot()
    {
        await using var server = await ServerUnderTest.StartAsync($"--Sfu:Admin:ApiKey={ApiKey}");
        using var anonymous = new AdminApi(server);
        using var wrong = new AdminApi(server, "guessed-key");
        using var right = new AdminApi(server, ApiKey);

        var noKey = await AdminApi.FailureOf(() => anonymous.Client.ListStreamsAsync(new ListStreamsRequest()).ResponseAsync);
        var wrongKey = await AdminApi.FailureOf(() => wrong.Client.CreateStreamKeyAsync(new CreateStreamKeyRequest { Stream = "x" }).ResponseAsync);
        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (noKey.StatusCode, wrongKey.StatusCode));
        Assert.DoesNotContain(ApiKey, noKey.Detail + wrongKey.Detail, StringComparison.Ordinal);
        Assert.Empty((await right.Client.ListStreamKeysAsync(new ListStreamKeysRequest())).Keys);

        // Streaming calls and reflection are behind the key too; the standard health service is not (Kubernetes probes).
        var watch = anonymous.Client.WatchEvents(new WatchEventsRequest());
        Assert.Equal(StatusCode.Unauthenticated, (await AdminApi.FailureOf(() => watch.ResponseStream.MoveNext())).StatusCode);
        var health = await new Health.HealthClient(anonymous.Invoker).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        // What grpcurl does first: list the services through reflection.
        using var reflection = new ServerReflection.ServerReflectionClient(right.Invoker).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext());
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        output.WriteLine(string.Join(", ", services));
        Assert.Contains("sfu.admin.v1.SfuAdmin", services);
        Assert.Contains("grpc.health.v1.Health", services);

        // What grpcurl does to call a method: fetch the service's file descriptor, then its imports.
        using var describe = new ServerReflection.ServerReflectionClient(right.Invoker).ServerReflectionInfo();
        await describe.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "sfu.admin.v1.SfuAdmin" });
        await describe.RequestStream.WriteAsync(new ServerReflectionRequest { FileByFilename = "google/protobuf/timestamp.proto" });
        await describe.RequestStream.CompleteAsync();
        var files = new List<Google.Protobuf.Reflection.FileDescriptorProto>();
        while (await describe.ResponseStream.MoveNext())
        {
            files.AddRange(describe.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto.Select(Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom));
        }

        var admin = Assert.Single(files, f => f.Package == "sfu.admin.v1");
        var methods = Assert.Single(admin.Service).Method.Select(m => m.Name).ToList();
        Assert.Equal(
            ["ListStreams", "GetStream", "StopStream", "ListSessions", "KickSession", "CreateStreamKey", "ListStreamKeys", "RevokeStreamKey", "SetStreamSettings", "GetStreamSettings", "ListStreamSettings", "CreatePlayToken", "GetServerStats", "WatchEvents", "Drain"],
            methods);
        Assert.Contains(files, f => f.Name == "google/protobuf/timestamp.proto");
    }

    [Fact]
    public async Task InKeysModeOnlyActiveKeysPublishAndRefusalsNameNoSecret()
    {
        await using var server = await ServerUnderTest.StartAsync("--Sfu:Publish:Mode=keys");
        using var api = new AdminApi(server);
        var key = await api.Client.CreateStreamKeyAsync(new CreateStreamKeyRequest { Stream = "studio" });

        // A made-up key, then the right key given the wrong stream name in the URL: both refused with the reason.
        using var stranger = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("sk_madeUpKey1234567890"), Encoders.PlainProfile, "320x180", 2));
        Assert.Contains("Unknown or revoked stream key", stranger.StandardError, StringComparison.Ordinal);
        using var misnamed = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl($"other?key={key.Secret}"), Encoders.PlainProfile, "320x180", 2));
        Assert.Contains("This key publishes stream 'studio', not 'other'", misnamed.StandardError, StringComparison.Ordinal);
        Assert.Empty(server.Registry.Streams);

        // The key in the URL's query form (rtmp://host/live/studio?key=...) publishes too.
        using var publisher = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl($"studio?key={key.Secret}"), Encoders.PlainProfile, "320x180", 2));
        Assert.Equal(0, publisher.ExitCode);
        Assert.Contains(server.Logs.Lines, l => l.Contains("publishing stream 'studio'", StringComparison.Ordinal));

        // Refused keys are someone's secret: logs carry only their last characters.
        Assert.DoesNotContain("sk_madeUpKey1234567890", server.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, server.Logs.Text, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Contains("…7890", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrivateStreamsNeedAValidUnexpiredTokenForTheirOwnStream()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var api = new AdminApi(server);
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("vip"), Encoders.PlainProfile, "320x180", 30, realtime: true));
        var vip = await server.WaitForStreamAsync("vip", TimeSpan.FromSeconds(20));
        await ServerUnderTest.WaitUntilAsync(() => vip.FindTrack(Sfu.Core.Media.MediaKind.Video) is not null, TimeSpan.FromSeconds(10), "the stream has its video track");
        using var http = new HttpClient { BaseAddress = server.HttpBase };
        string offer = await WhepOffers.ChromiumLikeAsync();

        // Public by default: anyone plays.
        using (var open = await WhepHttp.PostOfferAsync(http, "/whep/vip", offer, null))
        {
            Assert.Equal(HttpStatusCode.Created, open.StatusCode);
            await http.DeleteAsync(open.Headers.Location);
        }

        await api.Client.SetStreamSettingsAsync(new Sfu.Admin.V1.StreamSettings { Stream = "vip", Private = true });
        Assert.True((await api.Client.GetStreamSettingsAsync(new GetStreamSettingsRequest { Stream = "vip" })).Private);
        var valid = await api.Client.CreatePlayTokenAsync(new CreatePlayTokenRequest { Stream = "vip", TtlSeconds = 60 });
        var otherStream = await api.Client.CreatePlayTokenAsync(new CreatePlayTokenRequest { Stream = "someone-else" });

        // An expired token signed with the server's real secret: minted as if two hours ago, valid for a minute.
        byte[] secret = server.Services.GetRequiredService<SfuStore>().GetOrCreateSecret("play-token-hs256", 32);
        string expired = new PlayTokenService(secret, new PastClock(TimeSpan.FromHours(2))).Create("vip", TimeSpan.FromMinutes(1)).Token;

        var refusals = new Dictionary<string, string?>
        {
            ["no token"] = null,
            ["garbage"] = "not-a-token",
            ["expired"] = expired,
            ["other stream"] = otherStream.Token,
            ["tampered"] = valid.Token[..^2] + (valid.Token[^2] == 'A' ? "BA" : "AA"),
        };
        foreach (var (what, token) in refusals)
        {
            using var refused = await WhepHttp.PostOfferAsync(http, "/whep/vip", offer, token);
            string body = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"{what}: {(int)refused.StatusCode} {body.Trim()}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.StartsWith("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(secret), body, StringComparison.Ordinal);
            if (token is not null)
            {
                Assert.DoesNotContain(token, body, StringComparison.Ordinal);
            }
        }

        Assert.Contains("expired", await (await WhepHttp.PostOfferAsync(http, "/whep/vip", offer, expired)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, server.Whep.SessionCount);

        // The player page itself is closed without the token, open with it; the right token plays.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/play/vip", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(valid.PlayerPath, UriKind.Relative))).StatusCode);
        using var allowed = await WhepHttp.PostOfferAsync(http, "/whep/vip", offer, valid.Token);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        await http.DeleteAsync(allowed.Headers.Location);
        ffmpeg.Kill();
    }

    /// <summary>A clock running <paramref name="behind"/> the real one.</summary>
    private sealed class PastClock(TimeSpan behind) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() - behind;
    }
}

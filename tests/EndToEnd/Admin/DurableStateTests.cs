using EndToEnd.Infrastructure;
using Sfu.Admin.V1;

namespace EndToEnd.Admin;

/// <summary>Keys, stream settings and the play-token secret live in the embedded store and survive a restart.</summary>
public sealed class DurableStateTests
{
    [Fact]
    public async Task KeysSettingsAndTokensSurviveARestart()
    {
        using var data = new TempDirectory();
        string[] args = [$"--Sfu:DataDirectory={data.Path}", "--Sfu:Publish:Mode=keys"];
        CreateStreamKeyResponse key;
        CreateStreamKeyResponse revoked;
        CreatePlayTokenResponse token;
        await using (var first = await ServerUnderTest.StartAsync(args))
        {
            using var api = new AdminApi(first);
            key = await api.Client.CreateStreamKeyAsync(new CreateStreamKeyRequest { Stream = "daily", Label = "studio A" });
            revoked = await api.Client.CreateStreamKeyAsync(new CreateStreamKeyRequest { Stream = "daily" });
            await api.Client.RevokeStreamKeyAsync(new RevokeStreamKeyRequest { Id = revoked.Key.Id });
            await api.Client.SetStreamSettingsAsync(new StreamSettings { Stream = "daily", Private = true });
            token = await api.Client.CreatePlayTokenAsync(new CreatePlayTokenRequest { Stream = "daily" });
        }

        await using var second = await ServerUnderTest.StartAsync(args);
        using var again = new AdminApi(second);
        var active = Assert.Single((await again.Client.ListStreamKeysAsync(new ListStreamKeysRequest())).Keys);
        Assert.Equal((key.Key.Id, "daily", "studio A"), (active.Id, active.Stream, active.Label));
        var all = (await again.Client.ListStreamKeysAsync(new ListStreamKeysRequest { IncludeRevoked = true })).Keys;
        Assert.NotNull(Assert.Single(all, k => k.Id == revoked.Key.Id).RevokedAt);
        Assert.True((await again.Client.GetStreamSettingsAsync(new GetStreamSettingsRequest { Stream = "daily" })).Private);

        // The key made before the restart still publishes, the revoked one still does not.
        using var refused = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "ffmpeg", Encoders.Ffmpeg(second.RtmpUrl(revoked.Secret), Encoders.PlainProfile, "320x180", 2));
        Assert.Contains("Unknown or revoked stream key", refused.StandardError, StringComparison.Ordinal);
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(second.RtmpUrl(key.Secret), Encoders.PlainProfile, "320x180", 30, realtime: true));
        await second.WaitForStreamAsync("daily", TimeSpan.FromSeconds(20));

        // A token minted before the restart opens the private stream's player after it (same signing secret).
        using var http = new HttpClient { BaseAddress = second.HttpBase };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri(token.PlayerPath, UriKind.Relative))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/play/daily", UriKind.Relative))).StatusCode);
        ffmpeg.Kill();
    }
}

using EndToEnd.Infrastructure;
using Sfu.Admin.V1;
using Xunit.Abstractions;

namespace EndToEnd.Whep;

/// <summary>An operator trades latency for smoothness per stream; Chromium's jitter buffer follows the playout delay.</summary>
public sealed class PlayoutDelayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ChromiumBuffersThePlayoutDelaySetForTheStream()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var api = new AdminApi(server);
        var settings = await api.Client.SetStreamSettingsAsync(new StreamSettings { Stream = "calm", PlayoutDelayMinMs = 500, PlayoutDelayMaxMs = 600 });
        Assert.Equal((500, 600), (settings.PlayoutDelayMinMs, settings.PlayoutDelayMaxMs));
        var invalid = await AdminApi.FailureOf(() => api.Client.SetStreamSettingsAsync(new StreamSettings { Stream = "calm", PlayoutDelayMinMs = 700, PlayoutDelayMaxMs = 600 }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, invalid.StatusCode);

        using var calm = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("calm"), Encoders.PlainProfile, "320x180", 40, realtime: true));
        using var quick = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("quick"), Encoders.PlainProfile, "320x180", 40, realtime: true));
        await server.WaitForStreamAsync("calm", TimeSpan.FromSeconds(20));
        await server.WaitForStreamAsync("quick", TimeSpan.FromSeconds(20));
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var calmPlayer = await PlayerPage.OpenAsync(browser, server.HttpBase, "calm");
        var quickPlayer = await PlayerPage.OpenAsync(browser, server.HttpBase, "quick");
        await calmPlayer.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        await quickPlayer.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(6));

        var delayed = await calmPlayer.StatsAsync();
        var immediate = await quickPlayer.StatsAsync();
        output.WriteLine($"with a 500-600 ms playout delay: jitter buffer {delayed.JitterBufferMs:0} ms; without: {immediate.JitterBufferMs:0} ms");
        Assert.InRange(delayed.JitterBufferMs, 350, 700);
        Assert.InRange(immediate.JitterBufferMs, 0, 200);
        Assert.True(delayed.FramesDecoded > 100, $"the delayed stream decoded only {delayed.FramesDecoded} frames");
        calm.Kill();
        quick.Kill();
    }
}

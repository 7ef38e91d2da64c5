using System.Diagnostics;
using EndToEnd.Infrastructure;
using Grpc.Core;
using Sfu.Admin.V1;
using Xunit.Abstractions;

namespace EndToEnd.Admin;

/// <summary>
/// An operator runs a private show with the gRPC admin API, against a real ffmpeg publisher and a Chromium viewer:
/// every RPC, the events it sees, and <c>/metrics</c> as a Prometheus scraper reads it.
/// </summary>
public sealed class OperatorWorkflowTests(ITestOutputHelper output)
{
    private const string ApiKey = "operator-key-for-tests";

    [Fact]
    public async Task OperatorRunsAPrivateShowThroughEveryRpc()
    {
        await using var server = await ServerUnderTest.StartAsync($"--Sfu:Admin:ApiKey={ApiKey}", "--Sfu:Publish:Mode=keys");
        using var api = new AdminApi(server, ApiKey);
        var admin = api.Client;
        await using var events = await EventRecorder.StartAsync(admin);

        // A publish key for the show: the secret is returned once, listings only show its hint.
        var created = await admin.CreateStreamKeyAsync(new CreateStreamKeyRequest { Stream = "show", Label = "main camera" });
        Assert.StartsWith("sk_", created.Secret, StringComparison.Ordinal);
        var keys = await admin.ListStreamKeysAsync(new ListStreamKeysRequest());
        var listed = Assert.Single(keys.Keys);
        Assert.Equal((created.Key.Id, "show", "main camera", created.Secret[^4..]), (listed.Id, listed.Stream, listed.Label, listed.Hint));
        Assert.DoesNotContain(created.Secret, keys.ToString(), StringComparison.Ordinal);

        // The encoder is set up like OBS: server rtmp://host/live, stream key = the secret. It publishes as "show".
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl(created.Secret), Encoders.PlainProfile, "640x360", 60, realtime: true));
        await server.WaitForStreamAsync("show", TimeSpan.FromSeconds(20));

        // Private: the player needs a signed play token, which the API mints with a ready-made player link.
        await admin.SetStreamSettingsAsync(new StreamSettings { Stream = "show", Private = true });
        var token = await admin.CreatePlayTokenAsync(new CreatePlayTokenRequest { Stream = "show", TtlSeconds = 600 });
        Assert.InRange((token.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow).TotalSeconds, 590, 601);
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenPathAsync(browser, server.HttpBase, token.PlayerPath);
        await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var stream = await admin.GetStreamAsync(new GetStreamRequest { Name = "show" });
        output.WriteLine(stream.ToString());
        Assert.True(stream.Private);
        Assert.Equal(("rtmp", created.Key.Id), (stream.Publisher.Protocol, stream.Publisher.KeyId));
        Assert.StartsWith("127.0.0.1:", stream.Publisher.RemoteAddress, StringComparison.Ordinal);
        Assert.Equal(1, stream.ViewerCount);
        var video = Assert.Single(stream.Tracks, t => t.Kind == "video");
        Assert.Equal(("H264", 640, 360, 90000), (video.Codec, video.Width, video.Height, video.ClockRate));
        Assert.Equal("42e01f".Length, video.CodecParameters["profile-level-id"].Length);
        Assert.InRange(video.FramesPerSecond, 25, 35);
        Assert.InRange(video.BitrateBps, 100_000, 5_000_000);
        Assert.InRange(video.KeyframeIntervalSeconds, 0.8, 1.2);
        Assert.Contains(stream.Tracks, t => t.Kind == "audio" && t.Codec == "opus");
        Assert.True(stream.IngestToWire.Samples > 100, $"latency samples: {stream.IngestToWire}");
        Assert.InRange(stream.IngestToWire.P50Ms, 0, 50);
        Assert.True(stream.IngestToWire.P99Ms >= stream.IngestToWire.P50Ms);
        Assert.Equal("show", Assert.Single((await admin.ListStreamsAsync(new ListStreamsRequest())).Streams).Name);
        Assert.Equal(StatusCode.NotFound, (await AdminApi.FailureOf(() => admin.GetStreamAsync(new GetStreamRequest { Name = "nope" }).ResponseAsync)).StatusCode);

        var sessions = (await admin.ListSessionsAsync(new ListSessionsRequest { Stream = "show" })).Sessions;
        var publisher = Assert.Single(sessions, s => s.Role == SessionRole.Publisher);
        var viewer = Assert.Single(sessions, s => s.Role == SessionRole.Viewer);
        Assert.Equal(("rtmp", created.Key.Id), (publisher.Protocol, publisher.KeyId));
        Assert.True(publisher.BytesReceived > 100_000, publisher.ToString());
        Assert.Equal(("whep", "connected", "full"), (viewer.Protocol, viewer.State, viewer.CurrentLayer));
        Assert.StartsWith("127.0.0.1:", viewer.RemoteAddress, StringComparison.Ordinal);
        Assert.True(viewer.PacketsSent > 100 && viewer.BytesSent > 100_000, viewer.ToString());
        Assert.InRange(viewer.RttMs, 0.001, 200);

        var stats = await admin.GetServerStatsAsync(new GetServerStatsRequest());
        output.WriteLine(stats.ToString());
        Assert.Equal((1, 1, 1, false), (stats.Streams, stats.Publishers, stats.Viewers, stats.Draining));
        Assert.InRange(stats.PacketsSentPerSecond, 50, 2_000);
        Assert.InRange(stats.BytesSentPerSecond * 8, 100_000, 10_000_000);
        Assert.InRange(stats.CpuCores, 0.001, Environment.ProcessorCount);
        Assert.True(stats.WorkingSetBytes > 10_000_000 && stats.PacketsSentTotal >= viewer.PacketsSent, stats.ToString());

        // Kicking the viewer ends its session; the player page reconnects with its token, as a player does.
        await admin.KickSessionAsync(new KickSessionRequest { Id = viewer.Id, Reason = "test kick" });
        await events.WaitForAsync(e => e.SessionLeft?.SessionId == viewer.Id && e.SessionLeft.Reason == "test kick", "the kick's session-left event");
        await events.WaitForAsync(e => e.SessionJoined is { Role: SessionRole.Viewer } joined && joined.SessionId != viewer.Id, "the player reconnecting");
        Assert.Equal(StatusCode.NotFound, (await AdminApi.FailureOf(() => admin.KickSessionAsync(new KickSessionRequest { Id = viewer.Id }).ResponseAsync)).StatusCode);

        // Revoking the key disconnects its live publisher within a second; the key cannot publish again.
        var clock = Stopwatch.StartNew();
        var revoked = await admin.RevokeStreamKeyAsync(new RevokeStreamKeyRequest { Id = created.Key.Id });
        Assert.Equal(1, revoked.SessionsEnded);
        Assert.NotNull(revoked.Key.RevokedAt);
        await ServerUnderTest.WaitUntilAsync(() => !server.Registry.TryGet("show", out _), TimeSpan.FromSeconds(1), "the revoked key's stream ends");
        output.WriteLine($"revoked key's publisher gone after {clock.ElapsedMilliseconds} ms");
        await ffmpeg.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty((await admin.ListStreamKeysAsync(new ListStreamKeysRequest())).Keys);
        Assert.Single((await admin.ListStreamKeysAsync(new ListStreamKeysRequest { IncludeRevoked = true })).Keys);
        using var again = await ExternalProcess.RunAsync(TimeSpan.FromSeconds(30), "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl(created.Secret), Encoders.PlainProfile, "320x180", 2));
        Assert.Contains("Unknown or revoked stream key", again.StandardError, StringComparison.Ordinal);

        // A second key and a stop by the operator: publisher disconnected, viewers ended with the stream.
        long beforeRestart = events.Events[^1].Sequence;
        var second = await admin.CreateStreamKeyAsync(new CreateStreamKeyRequest { Stream = "show" });
        using var ffmpeg2 = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl(second.Secret), Encoders.PlainProfile, "640x360", 60, realtime: true));
        await server.WaitForStreamAsync("show", TimeSpan.FromSeconds(20));
        var restarted = await events.WaitForAsync(e => e.StreamStarted?.Stream == "show" && e.Sequence > beforeRestart, "the show restarting");
        await events.WaitForAsync(e => e.SessionJoined?.Role == SessionRole.Viewer && e.Sequence > restarted.Sequence, "the player rejoining the restarted show", TimeSpan.FromSeconds(40));
        var stopped = await admin.StopStreamAsync(new StopStreamRequest { Name = "show", Reason = "show is over" });
        Assert.Equal(1, stopped.ViewersEnded);
        await ServerUnderTest.WaitUntilAsync(() => !server.Registry.TryGet("show", out _), TimeSpan.FromSeconds(2), "the stopped stream ends");
        await events.WaitForAsync(e => e.SessionLeft is { Role: SessionRole.Publisher, Reason: "show is over" }, "the publisher's session-left event");

        // The events came in order, numbered without gaps, and tell the story.
        var seen = events.Events;
        Assert.Equal(Enumerable.Range((int)seen[0].Sequence, seen.Count).Select(i => (long)i), seen.Select(e => e.Sequence));
        string story = string.Join(", ", seen.Select(Describe));
        output.WriteLine(story);
        int streamStarted = IndexOf(seen, e => e.StreamStarted?.Stream == "show");
        int publisherJoined = IndexOf(seen, e => e.SessionJoined is { Role: SessionRole.Publisher, Protocol: "rtmp" });
        int viewerJoined = IndexOf(seen, e => e.SessionJoined?.SessionId == viewer.Id);
        int kicked = IndexOf(seen, e => e.SessionLeft?.SessionId == viewer.Id);
        int keyRevoked = IndexOf(seen, e => e.KeyRevoked?.KeyId == created.Key.Id);
        int streamStopped = IndexOf(seen, e => e.StreamStopped?.Stream == "show");
        Assert.True(streamStarted < publisherJoined && publisherJoined < viewerJoined && viewerJoined < kicked && kicked < streamStopped && kicked < keyRevoked, story);
        Assert.Equal("rtmp", seen[streamStarted].StreamStarted.Protocol);
        ffmpeg2.Kill();
    }

    private static int IndexOf(IReadOnlyList<Event> events, Func<Event, bool> predicate)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (predicate(events[i]))
            {
                return i;
            }
        }

        Assert.Fail("event not seen");
        return -1;
    }

    private static string Describe(Event e) => e.KindCase switch
    {
        Event.KindOneofCase.StreamStarted => $"#{e.Sequence} stream {e.StreamStarted.Stream} started",
        Event.KindOneofCase.StreamStopped => $"#{e.Sequence} stream {e.StreamStopped.Stream} stopped",
        Event.KindOneofCase.SessionJoined => $"#{e.Sequence} {e.SessionJoined.Protocol} {e.SessionJoined.Role} {e.SessionJoined.SessionId} joined",
        Event.KindOneofCase.SessionLeft => $"#{e.Sequence} {e.SessionLeft.Protocol} {e.SessionLeft.Role} {e.SessionLeft.SessionId} left ({e.SessionLeft.Reason})",
        Event.KindOneofCase.KeyRevoked => $"#{e.Sequence} key {e.KeyRevoked.KeyId} revoked",
        _ => $"#{e.Sequence} {e.KindCase}",
    };
}

using System.Buffers.Binary;
using Ingest.Rtmp.Amf;
using Ingest.Rtmp.Auth;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Tests.Flv;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Tests.Server;

/// <summary>Exact protocol exchanges with the live server, as an encoder sees them.</summary>
public sealed class RtmpServerProtocolTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConnectGetsWindowBandwidthChunkSizeAndSuccessEchoingAmf3Encoding()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        client.Command(0, "connect", 1.0, new AmfObject { ["app"] = "live", ["objectEncoding"] = 3.0 });
        await client.FlushAsync();

        var messages = await client.ReadUntilAsync(m => m.Name == "_result", Wait);
        Assert.Equal(2_500_000u, BinaryPrimitives.ReadUInt32BigEndian(messages.Single(m => m.Type == RtmpMessageType.WindowAcknowledgementSize).Payload));
        var bandwidth = messages.Single(m => m.Type == RtmpMessageType.SetPeerBandwidth).Payload;
        Assert.Equal((2_500_000u, (byte)2), (BinaryPrimitives.ReadUInt32BigEndian(bandwidth), bandwidth[4]));
        Assert.Equal(4096u, BinaryPrimitives.ReadUInt32BigEndian(messages.Single(m => m.Type == RtmpMessageType.SetChunkSize).Payload));

        var result = messages[^1];
        Assert.Equal(1.0, result.Values![1]);
        Assert.Equal("NetConnection.Connect.Success", result.Info!.GetString("code"));
        Assert.Equal(3.0, result.Info["objectEncoding"]);
    }

    [Fact]
    public async Task Amf3CommandMessagesAreUnderstood()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        byte[] body = [0, .. RtmpTestClient.Amf("connect", 1.0, new AmfObject { ["app"] = "live", ["objectEncoding"] = 3.0 })];
        client.Encoder.Write(3, RtmpMessageType.CommandAmf3, 0, 0, body);
        await client.FlushAsync();

        var result = (await client.ReadUntilAsync(m => m.Name == "_result", Wait))[^1];
        Assert.Equal("NetConnection.Connect.Success", result.Info!.GetString("code"));
    }

    [Fact]
    public async Task PublishStartsTheStreamAndFcUnpublishEndsIt()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        var messages = await client.PublishAsync("cam1");

        Assert.Equal(1.0, messages.Single(m => m.Name == "_result" && m.Values![1] is 4.0).Values![3]);
        var begin = messages.Single(m => m.Type == RtmpMessageType.UserControl).Payload;
        Assert.Equal((ushort)UserControlEventType.StreamBegin, BinaryPrimitives.ReadUInt16BigEndian(begin));
        Assert.Equal("NetStream.Publish.Start", messages[^1].Status);
        Assert.Equal(1u, messages[^1].StreamId);
        Assert.True(server.Registry.TryGet("cam1", out var stream));

        client.Command(0, "FCUnpublish", 6.0, null, "cam1");
        await client.FlushAsync();
        var after = await client.ReadUntilAsync(m => m.Status is not null, Wait);
        Assert.Equal("NetStream.Unpublish.Success", after[^1].Status);
        Assert.True(stream.IsEnded);
        Assert.False(server.Registry.TryGet("cam1", out _));
    }

    [Fact]
    public async Task DuplicateKeyIsRefusedWithBadNameAndTheFirstPublisherKeepsGoing()
    {
        await using var server = TestRtmpServer.Start();
        await using var first = await RtmpTestClient.ConnectAsync(server.Port);
        Assert.Equal("NetStream.Publish.Start", (await first.PublishAsync("same"))[^1].Status);
        Assert.True(server.Registry.TryGet("same", out var stream));
        var recorder = new PacketCounter();
        stream.TrackAdded += (_, track) => track.AddPacketSink(recorder);

        await using var second = await RtmpTestClient.ConnectAsync(server.Port);
        var refused = (await second.PublishAsync("same"))[^1];
        Assert.Equal("NetStream.Publish.BadName", refused.Status);
        Assert.Equal("error", refused.Info!.GetString("level"));
        Assert.Contains("already being published", refused.Info.GetString("description"), StringComparison.Ordinal);
        Assert.True(await second.WaitForCloseAsync(Wait));

        RtmpSessionScript.AppendMedia(first.Encoder, FlvFixture.HighAac48kStereo);
        await first.FlushAsync();
        await WaitUntilAsync(() => stream.FindTrack(MediaKind.Video)?.Counters.Frames == RtmpSessionScript.VideoFrames(FlvFixture.HighAac48kStereo));
        Assert.False(stream.IsEnded);
        Assert.True(recorder.Packets > 0);
    }

    [Fact]
    public async Task AuthorizerDecidesAndMapsStreamNames()
    {
        await using var server = TestRtmpServer.Start(authorizer: new KeyMapAuthorizer());
        await using var allowed = await RtmpTestClient.ConnectAsync(server.Port);
        Assert.Equal("NetStream.Publish.Start", (await allowed.PublishAsync("secret-key?token=abc"))[^1].Status);
        Assert.True(server.Registry.TryGet("studio", out _));

        await using var denied = await RtmpTestClient.ConnectAsync(server.Port);
        var refused = (await denied.PublishAsync("guess"))[^1];
        Assert.Equal("NetStream.Publish.Denied", refused.Status);
        Assert.Equal("unknown stream key", refused.Info!.GetString("description"));
        Assert.True(await denied.WaitForCloseAsync(Wait));
    }

    [Fact]
    public async Task KeyRevokedWhileThePublisherRegistersIsCaughtByTheSecondCheck()
    {
        // The first check passes, the key is revoked before the session is visible; the re-check refuses.
        await using var server = TestRtmpServer.Start(authorizer: new RevokedAfterFirstCheck());
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        var refused = (await client.PublishAsync("sk_key"))[^1];
        Assert.Equal("NetStream.Publish.Denied", refused.Status);
        Assert.Equal("key revoked", refused.Info!.GetString("description"));
        Assert.True(await client.WaitForCloseAsync(Wait));
        Assert.Empty(server.Registry.Streams);
    }

    [Fact]
    public async Task PingRequestIsAnsweredWithTheSameTimestamp()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        client.Encoder.Write(2, RtmpMessageType.UserControl, 0, 0, [0, 6, 0x12, 0x34, 0x56, 0x78]);
        await client.FlushAsync();
        var response = (await client.ReadUntilAsync(m => m.Type == RtmpMessageType.UserControl, Wait))[^1];
        Assert.Equal(new byte[] { 0, 7, 0x12, 0x34, 0x56, 0x78 }, response.Payload);
    }

    [Fact]
    public async Task AcknowledgementIsSentOnceThePeersWindowIsReceived()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        client.Encoder.Write(2, RtmpMessageType.WindowAcknowledgementSize, 0, 0, [0, 0, 0x10, 0]);
        client.Encoder.Write(3, RtmpMessageType.DataAmf0, 0, 0, RtmpTestClient.Amf("onPadding", new string('x', 6000)));
        await client.FlushAsync();
        var ack = (await client.ReadUntilAsync(m => m.Type == RtmpMessageType.Acknowledgement, Wait))[^1];
        Assert.Equal(RtmpMessageType.Acknowledgement, ack.Type);
        Assert.InRange(BinaryPrimitives.ReadUInt32BigEndian(ack.Payload), 4096u, 100_000u);
    }

    [Theory]
    [InlineData(128, 0u)]
    [InlineData(4096, 0xFFFFF000u)]
    public async Task RecordedSessionArrivesFrameForFrame(int chunkSize, uint timestampOffset)
    {
        // The second case starts just below the extended-timestamp threshold and crosses it, then wraps 32 bits.
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        var started = WhenStarted(server.Registry, "recorded");
        await client.SendRawAsync(RtmpSessionScript.Publish("recorded", FlvFixture.HighAac48kStereo, timestampOffset, chunkSize));
        var stream = await started;

        string fixture = FlvFixture.HighAac48kStereo;
        await WaitUntilAsync(() => stream.FindTrack(MediaKind.Video)?.Counters.Frames == RtmpSessionScript.VideoFrames(fixture)
                                  && stream.FindTrack(MediaKind.Audio)?.Counters.Frames == RtmpSessionScript.AudioFrames(fixture));
        var video = stream.FindTrack(MediaKind.Video)!;
        Assert.Equal((160, 96), (video.Width, video.Height));
        Assert.Equal("64001f", video.Codec.Parameters["profile-level-id"]);
        var audio = stream.FindTrack(MediaKind.Audio)!;
        Assert.Equal((48000, 2), (audio.Codec.ClockRate, audio.Codec.Channels));
    }

    [Fact]
    public async Task AggregateMessagesAreSplitIntoTheirTags()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        var started = WhenStarted(server.Registry, "agg");
        await client.PublishAsync("agg");
        var stream = await started;

        var aggregate = new List<byte>();
        foreach (var tag in FlvFixture.ReadTags(FlvFixture.HighAac48kStereo).Where(t => t.TagType is 8 or 9))
        {
            aggregate.AddRange([tag.TagType, (byte)(tag.Body.Length >> 16), (byte)(tag.Body.Length >> 8), (byte)tag.Body.Length,
                (byte)(tag.Timestamp >> 16), (byte)(tag.Timestamp >> 8), (byte)tag.Timestamp, (byte)(tag.Timestamp >> 24), 0, 0, 0]);
            aggregate.AddRange(tag.Body);
            aggregate.AddRange([0, 0, 0, (byte)(11 + tag.Body.Length)]);
        }

        client.Encoder.Write(6, RtmpMessageType.Aggregate, 1, 0, [.. aggregate]);
        await client.FlushAsync();
        await WaitUntilAsync(() => stream.FindTrack(MediaKind.Video)?.Counters.Frames == RtmpSessionScript.VideoFrames(FlvFixture.HighAac48kStereo));
    }

    [Fact]
    public async Task EnhancedRtmpHevcIsRefusedWithAReason()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        await client.PublishAsync("hevc");
        client.Encoder.Write(6, RtmpMessageType.Video, 1, 0, [0x90, (byte)'h', (byte)'v', (byte)'c', (byte)'1', 1, 2, 3]);
        await client.FlushAsync();

        var refused = (await client.ReadUntilAsync(m => m.Status is not null, Wait))[^1];
        Assert.Equal("NetStream.Publish.Rejected", refused.Status);
        Assert.Contains("hvc1", refused.Info!.GetString("description"), StringComparison.Ordinal);
        Assert.True(await client.WaitForCloseAsync(Wait));
        Assert.Empty(server.Registry.Streams);
    }

    [Fact]
    public async Task UnknownApplicationIsRejected()
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        client.Command(0, "connect", 1.0, new AmfObject { ["app"] = "vod" });
        await client.FlushAsync();
        var error = (await client.ReadUntilAsync(m => m.Name == "_error", Wait))[^1];
        Assert.Equal("NetConnection.Connect.Rejected", error.Info!.GetString("code"));
        Assert.True(await client.WaitForCloseAsync(Wait));
    }

    [Theory]
    [InlineData((byte)6)]
    [InlineData((byte)'G')]
    public async Task WrongHandshakeVersionIsClosed(byte version)
    {
        await using var server = TestRtmpServer.Start();
        await using var client = await RtmpTestClient.ConnectAsync(server.Port, handshake: false);
        var c0c1 = new byte[1537];
        c0c1[0] = version;
        await client.SendRawAsync(c0c1);
        Assert.True(await client.WaitForCloseAsync(Wait));
    }

    [Fact]
    public async Task SilentClientIsDroppedAtTheHandshakeTimeout()
    {
        await using var server = TestRtmpServer.Start(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300));
        await using var client = await RtmpTestClient.ConnectAsync(server.Port, handshake: false);
        await client.SendRawAsync([3, 0, 0]);
        Assert.True(await client.WaitForCloseAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task IdleClientIsDroppedAtTheIdleTimeout()
    {
        await using var server = TestRtmpServer.Start(o => o.IdleTimeout = TimeSpan.FromMilliseconds(300));
        await using var client = await RtmpTestClient.ConnectAsync(server.Port);
        Assert.True(await client.WaitForCloseAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreClosed()
    {
        await using var server = TestRtmpServer.Start(o => o.MaxConnections = 2);
        await using var a = await RtmpTestClient.ConnectAsync(server.Port);
        await using var b = await RtmpTestClient.ConnectAsync(server.Port);
        await server.WaitForConnectionsAsync(2, Wait);
        await using var c = await RtmpTestClient.ConnectAsync(server.Port, handshake: false);
        Assert.True(await c.WaitForCloseAsync(Wait));
        Assert.Equal(2, server.Server.ActiveConnections);
    }

    [Fact]
    public async Task OversizedMessageClosesOnlyThatConnection()
    {
        await using var server = TestRtmpServer.Start(o => o.MaxMessageSize = 10_000);
        await using var good = await RtmpTestClient.ConnectAsync(server.Port);
        await good.PublishAsync("good");
        await using var bad = await RtmpTestClient.ConnectAsync(server.Port);
        await bad.SendRawAsync([0x06, 0, 0, 0, 0x01, 0, 0, 9, 1, 0, 0, 0]);
        Assert.True(await bad.WaitForCloseAsync(Wait));
        await server.WaitForConnectionsAsync(1, Wait);
        Assert.True(server.Registry.TryGet("good", out _));
    }

    internal static Task<LiveStream> WhenStarted(StreamRegistry registry, string name)
    {
        var started = new TaskCompletionSource<LiveStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.StreamStarted += s =>
        {
            if (s.Name == name)
            {
                started.TrySetResult(s);
            }
        };
        return started.Task.WaitAsync(Wait);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }

    private sealed class KeyMapAuthorizer : IPublishAuthorizer
    {
        public ValueTask<PublishDecision> AuthorizeAsync(PublishRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request is { StreamKey: "secret-key", Application: "live" } && request.Query.GetValueOrDefault("token") == "abc"
                ? PublishDecision.Allow("studio")
                : PublishDecision.Deny("unknown stream key"));
    }

    private sealed class RevokedAfterFirstCheck : IPublishAuthorizer
    {
        private int _checks;

        public ValueTask<PublishDecision> AuthorizeAsync(PublishRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Interlocked.Increment(ref _checks) == 1 ? PublishDecision.Allow("studio", "key_1") : PublishDecision.Deny("key revoked"));
    }

    private sealed class PacketCounter : IRtpPacketSink
    {
        public int Packets;

        public void OnPacket(MediaTrack track, RtpPacket packet) => Interlocked.Increment(ref Packets);
    }
}

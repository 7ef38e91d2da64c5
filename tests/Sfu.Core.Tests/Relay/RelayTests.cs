using CsCheck;
using Sfu.Core.Media;
using Sfu.Core.Relay;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Sfu.Core.Tests.Relay;

/// <summary>The relay's origin feed and edge ingest, wired back to back without a network.</summary>
public sealed class RelayTests
{
    private readonly RtpPacketPool _pool = new();
    private ushort _sequence = 1000;
    private uint _timestamp = 90_000;

    [Fact]
    public void AnEdgeGetsTheCachedKeyframeThenLivePacketsWithTheOriginsNumbering()
    {
        var (origin, video) = OriginStream();
        PublishFrame(video, keyframe: true, packets: 3);
        PublishFrame(video, keyframe: false, packets: 2);

        using var feed = new RelayFeed(origin);
        feed.Start();
        PublishFrame(video, keyframe: false, packets: 2);

        var edge = new LiveStream("show", new PublisherEndpoint("relay", "origin"), DateTimeOffset.UtcNow);
        var ingest = new RelayIngest(edge, _ => { }, _pool);
        var seen = new RecordingSink();
        Drain(feed, ingest, onTracks: () => edge.FindTrack("video")!.AddPacketSink(seen));

        var edgeVideo = edge.FindTrack("video")!;
        Assert.Equal(("H264", "42e01f", 1280, 720), (edgeVideo.Codec.Name, edgeVideo.Codec.Parameters["profile-level-id"], edgeVideo.Width, edgeVideo.Height));
        Assert.Equal(Enumerable.Range(1000, 7).Select(i => (ushort)i), seen.Sequences);
        Assert.True(seen.KeyframeStarts[0]);
        Assert.Equal(1, seen.KeyframeStarts.Count(k => k));
        Assert.Equal(7, ingest.Packets);
        Assert.Equal(0, feed.DroppedMessages);
    }

    [Fact]
    public void KeyframeRequestsCrossTheRelayOnlyWhenTheOriginsSourceCanMakeOne()
    {
        var (origin, video) = OriginStream();
        int originRequests = 0;
        video.KeyframeRequested += _ => originRequests++;
        using var feed = new RelayFeed(origin);
        feed.Start();
        PublishFrame(video, keyframe: true, packets: 1);

        var edge = new LiveStream("show", new PublisherEndpoint("relay", "origin"), DateTimeOffset.UtcNow);
        var upstream = new List<byte[]>();
        var ingest = new RelayIngest(edge, upstream.Add, _pool);
        Drain(feed, ingest);

        edge.FindTrack("video")!.RequestKeyframe();
        var request = Assert.Single(upstream);
        Assert.Equal(new byte[] { RelayMessage.KeyframeRequest, 0 }, request);

        int before = originRequests;
        Thread.Sleep(300); // the origin track's own aggregation window
        feed.RequestKeyframe(request[1]);
        Assert.Equal(before + 1, originRequests);
    }

    [Fact]
    public void ASlowEdgeLosesWholeFramesAndResumesAtAKeyframe()
    {
        var (origin, video) = OriginStream();
        using var feed = new RelayFeed(origin, capacity: 3);
        feed.Start(); // the track list takes one place
        PublishFrame(video, keyframe: true, packets: 2);
        PublishFrame(video, keyframe: false, packets: 2);
        PublishFrame(video, keyframe: false, packets: 2); // queue full: dropped, the feed now waits for a keyframe
        PublishFrame(video, keyframe: false, packets: 2);
        Assert.Equal(1, feed.DroppedMessages); // the frame after it is skipped, not queued

        var edge = new LiveStream("show", new PublisherEndpoint("relay", "origin"), DateTimeOffset.UtcNow);
        var ingest = new RelayIngest(edge, _ => { }, _pool);
        var seen = new RecordingSink();
        Drain(feed, ingest, onTracks: () => edge.FindTrack("video")!.AddPacketSink(seen));
        PublishFrame(video, keyframe: false, packets: 2); // still skipped
        PublishFrame(video, keyframe: true, packets: 2);
        Drain(feed, ingest);

        Assert.Equal([1000, 1001, 1002, 1003, 1010, 1011], seen.Sequences.Select(s => (int)s));
    }

    [Fact]
    public void MalformedMessagesAreRefusedWithAReasonAndPublishNothing()
    {
        var (origin, video) = OriginStream();
        using var feed = new RelayFeed(origin);
        feed.Start();
        PublishFrame(video, keyframe: true, packets: 2);
        var messages = new List<byte[]>();
        while (feed.Outgoing.TryRead(out var message))
        {
            messages.Add(message.Buffer.AsSpan(0, message.Length).ToArray());
            message.Release();
        }

        var tracks = messages[0];
        var packets = messages[1];
        Gen.Select(Gen.Int[0, packets.Length - 1], Gen.Byte, Gen.Int[0, packets.Length]).Sample((position, value, cut) =>
        {
            var edge = new LiveStream("show", new PublisherEndpoint("relay", "origin"), DateTimeOffset.UtcNow);
            var ingest = new RelayIngest(edge, _ => { }, _pool);
            Assert.True(ingest.OnMessage(tracks, out _));
            var mutated = (byte[])packets.Clone();
            mutated[position] = value;
            mutated = mutated[..Math.Max(1, cut)];
            if (!ingest.OnMessage(mutated, out var error))
            {
                Assert.False(string.IsNullOrEmpty(error));
                Assert.Equal(0, ingest.Packets);
            }
        }, iter: 2000, threads: 1);

        var fresh = new RelayIngest(new LiveStream("x", new PublisherEndpoint("relay", "o"), DateTimeOffset.UtcNow), _ => { }, _pool);
        Assert.True(fresh.OnMessage(packets, out _)); // a lost track list: the packets wait for the next one
        Assert.Equal((2, 0), (fresh.UndescribedPackets, fresh.Packets));
        Assert.False(fresh.OnMessage([RelayMessage.Tracks, .. "[null]"u8], out var nullTrack));
        Assert.Contains("null track description", nullTrack, StringComparison.Ordinal);
        Assert.False(fresh.OnMessage([RelayMessage.Tracks, .. "[{\"index\":0,\"id\":\"v\",\"kind\":\"Video\",\"codec\":\"H264\",\"clockRate\":90000}]"u8], out var noParameters));
        Assert.Contains("no parameters", noParameters, StringComparison.Ordinal);
        Assert.False(fresh.OnMessage([RelayMessage.Tracks, (byte)'{'], out var unreadable));
        Assert.Contains("track list", unreadable, StringComparison.Ordinal);
        Assert.False(fresh.OnMessage([9], out var unknown));
        Assert.Contains("unknown relay message type 9", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void AnRtpHeaderThatOverrunsItsPacketIsRefusedBeforeAnythingIsPublished()
    {
        var (origin, video) = OriginStream();
        using var feed = new RelayFeed(origin);
        feed.Start();
        PublishFrame(video, keyframe: true, packets: 1);
        feed.Outgoing.TryRead(out var tracks);
        feed.Outgoing.TryRead(out var packets);
        var message = packets.Buffer.AsSpan(0, packets.Length).ToArray();
        packets.Release();

        // CSRC count 15 in a 112-byte packet: the header claims 72 bytes of CSRCs, fine; an extension claiming 64 KB is not.
        int rtp = RelayMessage.PacketsHeaderLength + RelayMessage.PacketPrefixLength;
        message[rtp] |= 0x10;
        message[rtp + 12] = 0xBE;
        message[rtp + 13] = 0xDE;
        message[rtp + 14] = 0xFF;
        message[rtp + 15] = 0xFF;
        var edge = new LiveStream("show", new PublisherEndpoint("relay", "origin"), DateTimeOffset.UtcNow);
        var ingest = new RelayIngest(edge, _ => { }, _pool);
        Assert.True(ingest.OnMessage(tracks.Buffer.AsSpan(0, tracks.Length), out _));
        Assert.False(ingest.OnMessage(message, out var error));
        Assert.Equal(("malformed packets message", 0L), (error, ingest.Packets));
    }

    private static (LiveStream Stream, MediaTrack Video) OriginStream()
    {
        var stream = new LiveStream("show", new PublisherEndpoint("rtmp", "127.0.0.1:5000"), DateTimeOffset.UtcNow);
        var video = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1234);
        video.UpdateCodec(video.Codec, default, 1280, 720);
        stream.AddTrack(video);
        stream.AddTrack(new MediaTrack("audio", MediaKind.Audio, MediaCodec.Aac(48000, 2, "1190"), 55));
        return (stream, video);
    }

    private static void Drain(RelayFeed feed, RelayIngest ingest, Action? onTracks = null)
    {
        while (feed.Outgoing.TryRead(out var message))
        {
            try
            {
                Assert.True(ingest.OnMessage(message.Buffer.AsSpan(0, message.Length), out var error), error);
                if (message.Buffer[0] == RelayMessage.Tracks)
                {
                    onTracks?.Invoke();
                    onTracks = null;
                }
            }
            finally
            {
                message.Release();
            }
        }
    }

    private void PublishFrame(MediaTrack track, bool keyframe, int packets)
    {
        var run = new RtpPacket[packets];
        for (int i = 0; i < packets; i++)
        {
            var packet = _pool.Rent();
            int header = packet.WriteHeader(96, i == packets - 1, _sequence++, _timestamp, 1234);
            packet.Buffer.AsSpan(header, 100).Fill((byte)i);
            packet.Length = header + 100;
            packet.IsKeyframeStart = keyframe && i == 0;
            run[i] = packet;
        }

        _timestamp += 3000;
        track.PublishPackets(run);
        foreach (var packet in run)
        {
            packet.Release();
        }
    }

    private sealed class RecordingSink : IRtpPacketSink
    {
        public List<ushort> Sequences { get; } = [];

        public List<bool> KeyframeStarts { get; } = [];

        public void OnPacket(MediaTrack track, RtpPacket packet)
        {
            Sequences.Add(packet.SequenceNumber);
            KeyframeStarts.Add(packet.IsKeyframeStart);
        }
    }
}

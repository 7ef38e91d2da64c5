using System.Buffers.Binary;
using System.Diagnostics;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Sdp;
using Egress.WebRtc.Transport;
using Egress.WebRtc.Whip;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Tests.Whip;

public sealed class WhipPublisherReceiveTests
{
    private const byte Video = 108;
    private const byte Rtx = 109;
    private const uint PublisherSsrc = 0xA1B2C3D4;

    [Fact]
    public async Task GarbageUnknownTypesAndProbesPublishNothingWhileMediaAndRetransmissionsGoThrough()
    {
        await using var host = new WebRtcHost(new WebRtcOptions { Port = 0, ListenAddress = "127.0.0.1" }, NullLoggerFactory.Instance);
        var registry = new StreamRegistry();
        Assert.True(registry.TryStart("cam", new PublisherEndpoint("whip", "test"), out var stream));
        var track = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 0);
        stream.AddTrack(track);
        var received = new Received();
        track.AddPacketSink(received);
        var peer = host.CreatePeer("p", "ufrag123", "password-password-123456", [host.Certificate.Fingerprint]);
        var incoming = new WhipIncomingTrack(Video, Rtx, [new WhipIncomingLayer(track, null, WhipRtcpFeedback.Nack | WhipRtcpFeedback.Pli)]);
        var publisher = new WhipPublisher(peer, stream, [incoming], 3, new RtpPacketPool(), NullLogger.Instance);
        long now = Stopwatch.GetTimestamp();

        // Bad input: counted and dropped, nothing reaches the track.
        publisher.OnRtp([0x80, Video, 0, 1], now);
        publisher.OnRtp(Packet(0x40, Video, 1, 0, [0x65]), now);
        publisher.OnRtp(Packet(0x80, 99, 1, 0, [0x65]), now);

        // A retransmission before any media (no SSRC known yet) and a padding-only probe carry nothing to publish.
        publisher.OnRtp(Packet(0x80, Rtx, 500, 0, [0, 10, 0x65]), now);
        publisher.OnRtp(Packet(0xA0, Rtx, 501, 0, [0, 0, 0, 4]), now);

        // Media: SPS/PPS in a STAP-A starts the keyframe, the IDR's FU-A with the same timestamp does not; the RTX copy
        // of packet 12 is published as packet 12.
        publisher.OnRtp(Packet(0x80, Video, 10, 3000, [24, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xCE]), now);
        publisher.OnRtp(Packet(0x80, Video, 11, 3000, [0x7C, 0x85, 0xAA]), now);
        publisher.OnRtp(Packet(0x80, Rtx, 502, 6000, [0, 12, 0x7C, 0x81, 0xBB]), now);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (received.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        publisher.OnClosed("test over");
        Assert.Equal(2, publisher.MalformedPackets);
        Assert.Equal(1, publisher.UnknownPayloadTypePackets);
        Assert.Equal([(10, true), (11, false), (12, false)], received.Snapshot());
        Assert.Equal([0x7C, 0x81, 0xBB], received.LastPayload);
    }

    [Fact]
    public async Task SimulcastPacketsReachTheirRidsTrackInOrderAndUnnamedStreamsAreDropped()
    {
        await using var host = new WebRtcHost(new WebRtcOptions { Port = 0, ListenAddress = "127.0.0.1" }, NullLoggerFactory.Instance);
        var registry = new StreamRegistry();
        Assert.True(registry.TryStart("cam", new PublisherEndpoint("whip", "test"), out var stream));
        var high = new MediaTrack("video-h", MediaKind.Video, MediaCodec.H264("42e01f"), 0) { Rid = "h" };
        var low = new MediaTrack("video-l", MediaKind.Video, MediaCodec.H264("42e01f"), 0) { Rid = "l" };
        stream.AddTrack(high);
        stream.AddTrack(low);
        var highReceived = new Received();
        var lowReceived = new Received();
        high.AddPacketSink(highReceived);
        low.AddPacketSink(lowReceived);
        var peer = host.CreatePeer("p", "ufrag123", "password-password-123456", [host.Certificate.Fingerprint]);
        var incoming = new WhipIncomingTrack(Video, Rtx, [new WhipIncomingLayer(high, "h", WhipRtcpFeedback.Nack | WhipRtcpFeedback.Pli), new WhipIncomingLayer(low, "l", WhipRtcpFeedback.Nack | WhipRtcpFeedback.Pli)])
        {
            RidExtensionId = 10,
            RepairedRidExtensionId = 11,
        };
        // A long reorder hold: the swapped packets must meet in the buffer however slowly this machine runs the test.
        var publisher = new WhipPublisher(peer, stream, [incoming], 3, new RtpPacketPool(), NullLogger.Instance, reorderHold: TimeSpan.FromSeconds(5));
        long now = Stopwatch.GetTimestamp();
        byte[] keyframe = [24, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xCE];

        // An SSRC no rid has named yet cannot be placed: dropped and counted.
        publisher.OnRtp(Packet(0x80, Video, 1, 0, [0x65], ssrc: 0x5000), now);

        // Each encoding names itself with its rid on its first packet, then by SSRC alone. The low layer's packets 21
        // and 22 arrive swapped: they are published in order, and only the first of the keyframe is marked.
        publisher.OnRtp(WithRid(Packet(0x90, Video, 100, 9000, keyframe, ssrc: 0x1000), 10, "h"), now);
        publisher.OnRtp(WithRid(Packet(0x90, Video, 20, 9000, keyframe, ssrc: 0x2000), 10, "l"), now);
        publisher.OnRtp(Packet(0x80, Video, 22, 9000, [0x7C, 0x45, 0xCC], ssrc: 0x2000), now);
        publisher.OnRtp(Packet(0x80, Video, 101, 9000, [0x7C, 0x85, 0xAA], ssrc: 0x1000), now);
        publisher.OnRtp(Packet(0x80, Video, 21, 9000, [0x7C, 0x85, 0xBB], ssrc: 0x2000), now);

        // A retransmission for the high layer names it with the repaired rid.
        publisher.OnRtp(WithRid(Packet(0x90, Rtx, 7, 9000, [0, 102, 0x7C, 0x05, 0xDD], ssrc: 0x3000), 11, "h"), now);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((highReceived.Count < 3 || lowReceived.Count < 3) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        publisher.OnClosed("test over");
        Assert.Equal(1, publisher.UnknownStreamPackets);
        Assert.Equal([(100, true), (101, false), (102, false)], highReceived.Snapshot());
        Assert.Equal([(20, true), (21, false), (22, false)], lowReceived.Snapshot());
        Assert.Equal([0x7C, 0x05, 0xDD], highReceived.LastPayload);
    }

    /// <summary>Adds a one-byte-header extension block (RFC 8285) carrying <paramref name="rid"/>; the X bit is already set.</summary>
    private static byte[] WithRid(byte[] packet, int id, string rid)
    {
        int words = (1 + rid.Length + 3) / 4;
        var result = new byte[packet.Length + 4 + (words * 4)];
        packet.AsSpan(0, 12).CopyTo(result);
        result[12] = 0xBE;
        result[13] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(14), (ushort)words);
        result[16] = (byte)((id << 4) | (rid.Length - 1));
        System.Text.Encoding.ASCII.GetBytes(rid).CopyTo(result.AsSpan(17));
        packet.AsSpan(12).CopyTo(result.AsSpan(16 + (words * 4)));
        return result;
    }

    private static byte[] Packet(byte first, byte payloadType, ushort sequence, uint timestamp, byte[] payload, uint? ssrc = null)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = first;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc ?? (payloadType == Rtx ? PublisherSsrc + 1 : PublisherSsrc));
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }

    private sealed class Received : IRtpPacketSink
    {
        private readonly List<(int Sequence, bool Keyframe)> _packets = [];

        public int Count
        {
            get
            {
                lock (_packets)
                {
                    return _packets.Count;
                }
            }
        }

        public byte[] LastPayload { get; private set; } = [];

        public void OnPacket(MediaTrack track, RtpPacket packet)
        {
            lock (_packets)
            {
                _packets.Add((packet.SequenceNumber, packet.IsKeyframeStart));
                LastPayload = packet.Payload.ToArray();
            }
        }

        public List<(int Sequence, bool Keyframe)> Snapshot()
        {
            lock (_packets)
            {
                return [.. _packets];
            }
        }
    }
}

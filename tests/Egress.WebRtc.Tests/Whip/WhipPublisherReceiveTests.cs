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
        var incoming = new WhipIncomingTrack(track, Video, Rtx, WhipRtcpFeedback.Nack | WhipRtcpFeedback.Pli);
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

    private static byte[] Packet(byte first, byte payloadType, ushort sequence, uint timestamp, byte[] payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = first;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), payloadType == Rtx ? PublisherSsrc + 1 : PublisherSsrc);
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

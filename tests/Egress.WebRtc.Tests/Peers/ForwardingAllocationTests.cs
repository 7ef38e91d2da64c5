using System.Net;
using System.Net.Sockets;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Srtp;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Tests.Peers;

public sealed class ForwardingAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SourcePacketToSendtoAllocatesNothingPerPacket(bool pacing)
    {
        // With pacing on, a viewer whose budget covers the stream sends inline through the budget check; a loop this
        // fast exceeds any real estimate, hence one as large as the loop's rate.
        var options = new WebRtcOptions { Port = 0, ListenAddress = "127.0.0.1", Pacing = pacing, InitialBandwidthEstimate = 100_000_000_000 };
        await using var host = new WebRtcHost(options, NullLoggerFactory.Instance);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var destination = receiver.LocalEndPoint!.Serialize();

        var track = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        var peer = host.CreatePeer("p", "ufrag123", "password-password-123456", [host.Certificate.Fingerprint]);
        var media = new OutgoingMedia("0", 102, 1, 3, 2) { Paced = true };
        peer.AddTrack(media, sender => new RtpSubscription(track, 42, 102, sender));
        peer.ConnectWithoutHandshake(SrtpProtectionProfile.AeadAes128Gcm, new SrtpMasterKey(new byte[16], new byte[12]), destination);

        var pool = new RtpPacketPool();
        ushort sequence = 0;
        void PublishOne(bool keyframe)
        {
            var packet = pool.Rent();
            int header = packet.WriteHeader(96, true, sequence++, sequence * 3000u, 1);
            packet.Buffer[header] = (byte)(keyframe ? 0x65 : 0x41);
            packet.Length = header + 1200;
            packet.IsKeyframeStart = keyframe;
            track.PublishPacket(packet);
            packet.Release();
        }

        // A keyframe every 30 packets, as a stream has: the keyframe cache then recycles its packets to the pool, and
        // once the retransmission history is full (1024 packets) every packet it lets go goes back to the pool too.
        for (int i = 0; i < 1201; i++)
        {
            PublishOne(keyframe: i % 30 == 0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            PublishOne(keyframe: i % 30 == 0);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2201, peer.Subscriptions[0].Counters.Packets);
        Assert.True(receiver.Available > 0, "nothing reached the receiver socket");
    }
}

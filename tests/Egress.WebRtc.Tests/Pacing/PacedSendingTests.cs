using System.Buffers.Binary;
using System.Diagnostics;
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
using Xunit.Abstractions;

namespace Egress.WebRtc.Tests.Pacing;

public sealed class PacedSendingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AKeyframeBurstLeavesAtThePacingRateWhileAudioIsNotHeldBack()
    {
        // 800 kbit/s estimate × 2.5 = 250 kB/s: a 120 kB burst takes about half a second.
        var options = new WebRtcOptions { Port = 0, ListenAddress = "127.0.0.1", InitialBandwidthEstimate = 800_000, MaxPacingDelay = TimeSpan.FromSeconds(5) };
        await using var host = new WebRtcHost(options, NullLoggerFactory.Instance);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveBufferSize = 4 << 20;

        var video = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        var audio = new MediaTrack("audio", MediaKind.Audio, MediaCodec.Opus(), 2);
        var peer = host.CreatePeer("p", "ufrag123", "password-password-123456", [host.Certificate.Fingerprint]);
        peer.AddTrack(new OutgoingMedia("0", 102, 0, 0, 0) { Paced = true }, sender => new RtpSubscription(video, 0x1111, 102, sender));
        peer.AddTrack(new OutgoingMedia("1", 111, 0, 0, 0), sender => new RtpSubscription(audio, 0x2222, 111, sender));
        peer.ConnectWithoutHandshake(SrtpProtectionProfile.AeadAes128Gcm, new SrtpMasterKey(new byte[16], new byte[12]), receiver.LocalEndPoint!.Serialize());

        var pool = new RtpPacketPool();
        void Publish(MediaTrack track, ushort sequence, bool keyframe, int size)
        {
            var packet = pool.Rent();
            int header = packet.WriteHeader(96, false, sequence, 0, track.Ssrc);
            packet.Buffer[header] = (byte)(keyframe ? 0x65 : 0x41);
            packet.Length = header + size;
            packet.IsKeyframeStart = keyframe;
            packet.ArrivalTimestamp = Stopwatch.GetTimestamp();
            track.PublishPacket(packet);
            packet.Release();
        }

        long start = Stopwatch.GetTimestamp();
        for (ushort i = 0; i < 100; i++)
        {
            Publish(video, i, keyframe: i == 0, 1200);
        }

        Publish(audio, 0, keyframe: false, 150);
        Publish(audio, 0, keyframe: false, 150);

        var arrivals = new List<(uint Ssrc, ushort Sequence, double AtMs)>();
        var buffer = new byte[2048];
        receiver.ReceiveTimeout = 3000;
        while (arrivals.Count < 102)
        {
            receiver.Receive(buffer);

            // The peer's sender reports (RTCP, packet types 200–204) share the socket; only media counts here.
            if (buffer[1] is >= 200 and <= 204)
            {
                continue;
            }

            arrivals.Add((BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)), BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)), Stopwatch.GetElapsedTime(start).TotalMilliseconds));
        }

        var videoArrivals = arrivals.Where(a => a.Ssrc == 0x1111).ToList();
        var audioArrival = arrivals.First(a => a.Ssrc == 0x2222);
        double spread = videoArrivals[^1].AtMs - videoArrivals[0].AtMs;
        output.WriteLine($"100 video packets over {spread:F0} ms, audio at {audioArrival.AtMs:F1} ms, {peer.Pacing.QueuedPackets} paced, longest wait {peer.Pacing.MaxWait.TotalMilliseconds:F0} ms");

        // All 100 arrive, in order, spread at about the pacing rate instead of at once.
        Assert.Equal(100, videoArrivals.Count);
        for (int i = 1; i < videoArrivals.Count; i++)
        {
            Assert.Equal((ushort)(videoArrivals[i - 1].Sequence + 1), videoArrivals[i].Sequence);
        }

        Assert.InRange(spread, 300, 1500);
        Assert.True(peer.Pacing.QueuedPackets >= 80, $"only {peer.Pacing.QueuedPackets} packets went through the queue");

        // Audio published after the burst is not stuck behind it.
        Assert.True(audioArrival.AtMs < videoArrivals[^1].AtMs - 200, $"audio arrived at {audioArrival.AtMs:F0} ms, the burst ended at {videoArrivals[^1].AtMs:F0} ms");
        Assert.Equal(0, peer.PacingQueuePackets);
    }

    [Fact]
    public async Task APacketPastTheMaximumDelayGoesRegardlessOfTheBudget()
    {
        var options = new WebRtcOptions { Port = 0, ListenAddress = "127.0.0.1", InitialBandwidthEstimate = 100_000, MaxPacingDelay = TimeSpan.FromMilliseconds(100) };
        await using var host = new WebRtcHost(options, NullLoggerFactory.Instance);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveBufferSize = 4 << 20;
        var video = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        var peer = host.CreatePeer("p", "ufrag123", "password-password-123456", [host.Certificate.Fingerprint]);
        peer.AddTrack(new OutgoingMedia("0", 102, 0, 0, 0) { Paced = true }, sender => new RtpSubscription(video, 0x1111, 102, sender));
        peer.ConnectWithoutHandshake(SrtpProtectionProfile.AeadAes128Gcm, new SrtpMasterKey(new byte[16], new byte[12]), receiver.LocalEndPoint!.Serialize());

        // 60 kB at 31 kB/s would take two seconds; the delay cap sends the rest after 100 ms.
        var pool = new RtpPacketPool();
        long start = Stopwatch.GetTimestamp();
        for (ushort i = 0; i < 50; i++)
        {
            var packet = pool.Rent();
            int header = packet.WriteHeader(96, false, i, 0, 1);
            packet.Buffer[header] = (byte)(i == 0 ? 0x65 : 0x41);
            packet.Length = header + 1200;
            packet.IsKeyframeStart = i == 0;
            video.PublishPacket(packet);
            packet.Release();
        }

        receiver.ReceiveTimeout = 3000;
        var buffer = new byte[2048];
        for (int media = 0; media < 50;)
        {
            receiver.Receive(buffer);
            media += buffer[1] is >= 200 and <= 204 ? 0 : 1;
        }

        double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        output.WriteLine($"50 packets in {elapsed:F0} ms, longest wait {peer.Pacing.MaxWait.TotalMilliseconds:F0} ms");
        Assert.InRange(elapsed, 90, 1000);
        Assert.InRange(peer.Pacing.MaxWait.TotalMilliseconds, 99, 900);
    }
}

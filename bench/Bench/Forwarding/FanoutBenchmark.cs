using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Egress.WebRtc.Peers;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Bench.Forwarding;

/// <summary>
/// One source track fanned out to N viewers through the real forwarding path (rewrite, header extensions,
/// SRTP AES-GCM, <c>sendto</c> on the shared UDP socket) to a receiver that drains on another thread.
/// The raw <c>sendto</c> of the same datagrams on the same machine is measured alongside as the ceiling.
/// </summary>
/// <remarks>One operation is one packet delivered to one viewer (OperationsPerInvoke = packets × viewers).</remarks>
[MemoryDiagnoser]
public class FanoutBenchmark
{
    private const int PacketsPerInvoke = 100;

    private WebRtcHost _host = null!;
    private LoopbackReceiver _receiver = null!;
    private Socket _rawSender = null!;
    private SocketAddress _destination = null!;
    private MediaTrack _track = null!;
    private RtpPacketPool _pool = null!;
    private ushort _sequence;
    private readonly byte[] _rawDatagram = new byte[1200 + 12 + 16 + 16];
    private readonly RtpPacket[] _frame = new RtpPacket[10];

    [Params(100, 1000)]
    public int Viewers { get; set; }

    /// <summary>Video through each viewer's pacing budget check (with a budget the loop never exhausts) or straight out.</summary>
    [Params(false)]
    public bool Paced { get; set; }

    /// <summary>
    /// Packets per access unit handed to the track at once: 1 is a packet at a time (a WebRTC publisher's arrival),
    /// 10 a 2.5 Mbit/s 720p30 frame from an RTMP encoder, which each viewer gets as one batch.
    /// </summary>
    [Params(1, 10)]
    public int FramePackets { get; set; }

    /// <summary>A viewer's batch leaves in one UDP GSO send, or one <c>sendto</c> per packet.</summary>
    [Params(false, true)]
    public bool Gso { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _receiver = new LoopbackReceiver();
        _destination = _receiver.Address;
        _rawSender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        _rawSender.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        _host = BenchViewers.CreateHost(Paced, Gso);
        _track = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        _pool = new RtpPacketPool();
        for (int i = 0; i < Viewers; i++)
        {
            BenchViewers.Connect(_host, i, _track, new OutgoingMedia("0", 102, 1, 3, 2) { Paced = Paced }, _destination);
        }

        Publish(keyframe: true, 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _receiver.Dispose();
        _rawSender.Dispose();
    }

    /// <summary>The ceiling: the same number of 1244-byte datagrams through plain <c>sendto</c>.</summary>
    [Benchmark(Baseline = true)]
    public void RawSendto()
    {
        for (int p = 0; p < PacketsPerInvoke; p++)
        {
            for (int v = 0; v < Viewers; v++)
            {
                _rawSender.SendTo(_rawDatagram, SocketFlags.None, _destination);
            }
        }
    }

    /// <summary>Plain sends of the same datagrams through the shared socket the host receives on (isolates socket cost).</summary>
    [Benchmark]
    public void SendtoOnSharedSocket()
    {
        for (int p = 0; p < PacketsPerInvoke; p++)
        {
            for (int v = 0; v < Viewers; v++)
            {
                _host.Sender.SendTo(_rawDatagram, _destination);
            }
        }
    }

    /// <summary>Source packets through every viewer's subscription, SRTP and the shared socket.</summary>
    [Benchmark]
    public void ForwardToViewers()
    {
        for (int p = 0; p < PacketsPerInvoke; p += FramePackets)
        {
            Publish(keyframe: _sequence % 300 == 0, FramePackets);
        }
    }

    private void Publish(bool keyframe, int packets)
    {
        var frame = _frame.AsSpan(0, packets);
        uint timestamp = _sequence * 3000u;
        for (int i = 0; i < packets; i++)
        {
            var packet = _pool.Rent();
            int header = packet.WriteHeader(96, i == packets - 1, _sequence++, timestamp, 1);
            packet.Buffer[header] = (byte)(keyframe && i == 0 ? 0x65 : 0x41);
            packet.Length = header + 1200;
            packet.IsKeyframeStart = keyframe && i == 0;
            frame[i] = packet;
        }

        _track.PublishPackets(frame);
        foreach (var packet in frame)
        {
            packet.Release();
        }
    }
}

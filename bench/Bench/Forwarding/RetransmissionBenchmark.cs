using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Egress.WebRtc.Peers;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Bench.Forwarding;

/// <summary>
/// What answering a NACK costs: the history lookup alone, and a whole retransmission (lookup, checks, RTX header with
/// the original sequence number, SRTP, <c>sendto</c>) against forwarding the same packet to the same viewer.
/// </summary>
[MemoryDiagnoser]
public class RetransmissionBenchmark
{
    private const int HistoryPackets = 1024;

    private WebRtcHost _host = null!;
    private LoopbackReceiver _receiver = null!;
    private MediaTrack _track = null!;
    private RtpSubscription _subscription = null!;
    private readonly PacketHistory _history = new(HistoryPackets);
    private readonly List<RtpPacket> _packets = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _receiver = new LoopbackReceiver();
        _host = BenchViewers.CreateHost();
        _track = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        _subscription = BenchViewers.Connect(_host, 1, _track, new OutgoingMedia("0", 102, 1, 3, 2) { RtxPayloadType = 103, RtxSsrc = 2002 }, _receiver.Address);

        var pool = new RtpPacketPool();
        for (int i = 0; i < HistoryPackets; i++)
        {
            var packet = pool.Rent();
            int header = packet.WriteHeader(96, false, (ushort)i, (uint)(i / 10 * 3000), 1);
            packet.Length = header + 1200;
            packet.IsKeyframeStart = i == 0;
            packet.ArrivalTimestamp = long.MaxValue / 2;
            _track.PublishPacket(packet);
            _history.Add(packet);
            _packets.Add(packet);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _receiver.Dispose();
    }

    /// <summary>Finding a NACKed packet in the track's history.</summary>
    [Benchmark]
    public bool HistoryLookup() => _history.TryGet((ushort)(_next++ & (HistoryPackets - 1)), out _);

    /// <summary>The baseline: the packet forwarded to the viewer as usual (rewrite, extensions, SRTP, sendto).</summary>
    [Benchmark(Baseline = true)]
    public void ForwardOnce() => _subscription.OnPacket(_track, _packets[_next++ & (HistoryPackets - 1)]);

    /// <summary>A NACKed packet resent as RTX: lookup, age/repeat/budget checks, RTX header with OSN, SRTP, sendto.</summary>
    [Benchmark]
    public void ResendAsRtx()
    {
        // Walk back over the last 512 packets the viewer was sent; the ring of recent resends is smaller, so the
        // repeat check never suppresses one.
        ushort source = (ushort)(HistoryPackets - 1 - (_next++ & 511));
        _subscription.Retransmit(_track, _subscription.ViewerSequenceOf(source), _history, Stopwatch.GetTimestamp());
    }
}

using BenchmarkDotNet.Attributes;
using Egress.WebRtc.Peers;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Streams;

namespace Bench.Forwarding;

/// <summary>
/// What one more viewer costs in memory: a connected peer with a video and an audio subscription, its SRTP contexts,
/// pacing queue and bandwidth estimator (the allocation column is the figure). The track's packet history and keyframe
/// cache are per track, shared by every viewer, and not counted.
/// </summary>
[MemoryDiagnoser]
public class ViewerMemoryBenchmark
{
    private WebRtcHost _host = null!;
    private LoopbackReceiver _receiver = null!;
    private MediaTrack _video = null!;
    private MediaTrack _audio = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _receiver = new LoopbackReceiver();
        _host = BenchViewers.CreateHost(pacing: true);
        _video = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        _audio = new MediaTrack("audio", MediaKind.Audio, MediaCodec.Opus(), 2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _receiver.Dispose();
    }

    /// <summary>Creates and connects one viewer of both tracks (never closed during the run, like a real audience).</summary>
    [Benchmark]
    public WebRtcPeer ConnectViewer()
    {
        int index = _next++;
        var peer = _host.CreatePeer($"m{index}", $"m{index:D7}", "password-password-123456", [_host.Certificate.Fingerprint]);
        peer.AddTrack(new OutgoingMedia("0", 102, 1, 3, 2) { Paced = true, RtxPayloadType = 103, RtxSsrc = (uint)(5000 + index) }, sender => new RtpSubscription(_video, (uint)(1000 + index), 102, sender));
        peer.AddTrack(new OutgoingMedia("1", 111, 1, 3, 2), sender => new RtpSubscription(_audio, (uint)(3000 + index), 111, sender));
        peer.ConnectWithoutHandshake(Egress.WebRtc.Srtp.SrtpProtectionProfile.AeadAes128Gcm, new Egress.WebRtc.Srtp.SrtpMasterKey(new byte[16], new byte[12]), _receiver.Address);
        return peer;
    }
}

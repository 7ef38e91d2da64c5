using System.Collections.Concurrent;
using System.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Stats;

namespace Sfu.Core.Streams;

/// <summary>One media track of a live stream: its codec and the packets or frames its publisher produces.</summary>
/// <remarks>Delivery is synchronous on the publisher's thread; sinks hand work to their own workers.</remarks>
public sealed class MediaTrack
{
    private readonly SinkList<IRtpPacketSink> _packetSinks = new();
    private readonly SinkList<IMediaFrameSink> _frameSinks = new();
    private readonly ConcurrentQueue<IRtpPacketSink> _joins = new();
    private readonly ConcurrentQueue<RtpSubscription> _restarts = new();
    private readonly List<RtpPacket> _replayRun = []; // publisher's thread only
    private readonly KeyframeCache? _keyframes;
    private readonly PacketHistory? _history;
    private readonly ConcurrentQueue<(RtpSubscription Subscription, ushort Sequence)> _retransmissions = new();
    private readonly BitrateWindow _bitrate = new();
    private MediaCodec _codec;
    private MediaClock? _mediaClock;
    private uint _rtpBase;
    private int _sourceGeneration;

    /// <summary>Creates a track; <paramref name="id"/> is unique within its stream (e.g. <c>video</c>).</summary>
    public MediaTrack(string id, MediaKind kind, MediaCodec codec, uint ssrc)
    {
        Id = id;
        Kind = kind;
        _codec = codec;
        Ssrc = ssrc;
        _keyframes = kind == MediaKind.Video ? new KeyframeCache() : null;
        _history = kind == MediaKind.Video ? new PacketHistory() : null;

        // The rate window starts now, so the first viewer a second later reads a rate instead of opening the window.
        _bitrate.Read(0, Stopwatch.GetTimestamp());
    }

    /// <summary>Track id within the stream.</summary>
    public string Id { get; }

    /// <summary>Audio or video.</summary>
    public MediaKind Kind { get; }

    /// <summary>SSRC the source packets carry (viewers see their own, rewritten).</summary>
    public uint Ssrc { get; }

    /// <summary>Current codec; changes when the publisher sends a new sequence header.</summary>
    public MediaCodec Codec => Volatile.Read(ref _codec);

    /// <summary>Codec configuration bytes (H.264 SPS/PPS record, AAC AudioSpecificConfig).</summary>
    public ReadOnlyMemory<byte> CodecConfig { get; private set; }

    /// <summary>Video width from the bitstream, when known.</summary>
    public int? Width { get; private set; }

    /// <summary>Video height from the bitstream, when known.</summary>
    public int? Height { get; private set; }

    /// <summary>Totals for monitoring.</summary>
    public TrackCounters Counters { get; } = new();

    /// <summary>
    /// The simulcast encoding this track is (RFC 8851 rid), or null for a track that is its stream's only one of its
    /// kind. A stream's tracks with a rid are encodings of one source, and viewers are switched between them.
    /// </summary>
    public string? Rid { get; init; }

    /// <summary>The track's incoming bit rate over about the last second (any thread).</summary>
    public long MeasureBitsPerSecond(long now) => _bitrate.Read(Counters.Bytes, now);

    /// <summary>Time from each packet's arrival to its send to the last viewer, for packets that had viewers.</summary>
    public LatencyHistogram IngestToWire { get; } = new();

    /// <summary>
    /// Counts source changes: a publisher that reconnected continues the track with its own sequence numbers and
    /// timestamps, and subscriptions splice them onto what their viewers already have.
    /// </summary>
    public int SourceGeneration => Volatile.Read(ref _sourceGeneration);

    /// <summary>A new publisher takes over the track (a reconnect): forget the old source's keyframe and splice.</summary>
    public void BeginNewSource()
    {
        _keyframes?.Clear();
        _history?.Clear();
        Interlocked.Increment(ref _sourceGeneration);
    }

    /// <summary>
    /// Raised when viewers need a keyframe (joins, PLI, FIR), aggregated by <see cref="KeyframeRequests"/>; a source
    /// that can make one on demand (a WHIP publisher, the re-encoder) subscribes and does.
    /// </summary>
    public event Action<MediaTrack>? KeyframeRequested;

    /// <summary>Viewers' keyframe requests received and passed on to the source.</summary>
    /// <remarks>Unanswered requests are repeated after 300 ms: an encoder reconfiguring (a browser adapting its resolution
    /// at start-up) drops requests, and a viewer waiting for its first picture should not wait a whole second more.
    /// At most one request per 250 ms reaches the source, whatever it is (the re-encoder, a WHIP publisher).</remarks>
    public KeyframeRequestAggregator KeyframeRequests { get; } = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(250));

    /// <summary>True when the source makes keyframes on request; otherwise viewers are restarted from the cache.</summary>
    public bool MakesKeyframesOnDemand => KeyframeRequested is not null;

    /// <summary>Records a new codec configuration (a publisher's new sequence header).</summary>
    public void UpdateCodec(MediaCodec codec, ReadOnlyMemory<byte> config, int? width = null, int? height = null)
    {
        Volatile.Write(ref _codec, codec);
        CodecConfig = config;
        Width = width;
        Height = height;
    }

    /// <summary>Sinks packets are delivered to now (viewers' subscriptions, bridges).</summary>
    public int PacketSinkCount => _packetSinks.Items.Length;

    /// <summary>Starts delivering packets to <paramref name="sink"/>.</summary>
    public void AddPacketSink(IRtpPacketSink sink) => _packetSinks.Add(sink);

    /// <summary>
    /// Starts delivering packets to <paramref name="sink"/> the way a viewer joins: on the publisher's thread at the
    /// next packet, the keyframe cache first (when a joiner would get it), then live packets, none lost in between.
    /// </summary>
    public void AddPacketSinkFromKeyframe(IRtpPacketSink sink)
    {
        _joins.Enqueue(sink);
        RequestKeyframe();
    }

    /// <summary>Stops delivering packets to <paramref name="sink"/>.</summary>
    public bool RemovePacketSink(IRtpPacketSink sink) => _packetSinks.Remove(sink);

    /// <summary>Starts delivering frames to <paramref name="sink"/>.</summary>
    public void AddFrameSink(IMediaFrameSink sink) => _frameSinks.Add(sink);

    /// <summary>Stops delivering frames to <paramref name="sink"/>.</summary>
    public bool RemoveFrameSink(IMediaFrameSink sink) => _frameSinks.Remove(sink);

    /// <summary>
    /// Declares that this track's RTP timestamps are <paramref name="rtpBase"/> + media milliseconds × clock rate / 1000
    /// on the stream's <paramref name="clock"/>, so sender reports can map RTP to wall time from the shared clock.
    /// </summary>
    public void UseMediaClock(MediaClock clock, uint rtpBase)
    {
        _mediaClock = clock;
        _rtpBase = rtpBase;
    }

    /// <summary>The source RTP timestamp that corresponds to a <see cref="System.Diagnostics.Stopwatch"/> reading, when known.</summary>
    public uint? SourceRtpTimestampAt(long stopwatchTicks)
    {
        if (_mediaClock is null || !_mediaClock.TryGetMediaMs(stopwatchTicks, out double mediaMs))
        {
            return null;
        }

        return unchecked(_rtpBase + (uint)(long)(mediaMs * Codec.ClockRate / 1000.0));
    }

    /// <summary>Packets held for instant start (video only).</summary>
    public int KeyframeCachePackets => _keyframes?.Count ?? 0;

    /// <summary>
    /// Starts a viewer's subscription. It joins on the publisher's thread at the next packet: first the keyframe cache
    /// is replayed to it, then it gets live packets, with nothing lost or repeated in between and no lock per packet.
    /// </summary>
    public void Subscribe(RtpSubscription subscription)
    {
        _joins.Enqueue(subscription);
        RequestKeyframe();
    }

    /// <summary>
    /// Asks the source for a keyframe, aggregated with other viewers' requests; sources that cannot make one (an RTMP
    /// encoder) are never asked, the cache covers joins and <see cref="RestartFromKeyframe"/> covers losses.
    /// </summary>
    public void RequestKeyframe()
    {
        var handler = KeyframeRequested;
        if (handler is not null && KeyframeRequests.TryForward(Stopwatch.GetTimestamp()))
        {
            handler(this);
        }
    }

    /// <summary>
    /// Restarts one viewer at the cached keyframe (on the publisher's thread, at the next packet): it is sent the
    /// cache again, numbered on from what it already has, so a decoder that lost its reference picture has a new one
    /// within a round trip instead of at the source's next keyframe. Without a cached keyframe it waits for the next.
    /// </summary>
    public void RestartFromKeyframe(RtpSubscription subscription) => _restarts.Enqueue(subscription);

    /// <summary>Stops a subscription (any thread).</summary>
    public void Unsubscribe(RtpSubscription subscription) => _packetSinks.Remove(subscription);

    /// <summary>Drops the keyframe cache; called when the stream ends.</summary>
    public void ReleaseCache()
    {
        _keyframes?.Clear();
        _history?.Clear();
    }

    /// <summary>Queues a viewer's NACKed packet for resending on the publisher's thread; false when the track keeps no history.</summary>
    public bool EnqueueRetransmission(RtpSubscription subscription, ushort sequenceNumber)
    {
        if (_history is null)
        {
            return false;
        }

        _retransmissions.Enqueue((subscription, sequenceNumber));
        return true;
    }

    /// <summary>Hands one packet to every sink; the caller keeps (and later releases) its own reference.</summary>
    public void PublishPacket(RtpPacket packet) => PublishPackets(new ReadOnlySpan<RtpPacket>(in packet));

    /// <summary>
    /// Hands a run of packets (one access unit, in order) to every sink; each sink gets the whole run at once, so a
    /// transport can send a viewer's share of a frame in one system call. The caller keeps its own references.
    /// </summary>
    public void PublishPackets(ReadOnlySpan<RtpPacket> packets)
    {
        if (packets.IsEmpty)
        {
            return;
        }

        if (!_joins.IsEmpty)
        {
            JoinWaitingSubscriptions();
        }

        if (!_restarts.IsEmpty)
        {
            RestartWaitingSubscriptions();
        }


        foreach (var packet in packets)
        {
            Counters.AddPacket(packet.Length);
            if (packet.IsKeyframeStart)
            {
                KeyframeRequests.OnKeyframe();
            }

            _keyframes?.Add(packet);
            _history?.Add(packet);
        }

        var sinks = _packetSinks.Items;
        foreach (var sink in sinks)
        {
            sink.OnPackets(this, packets);
        }

        if (sinks.Length > 0)
        {
            long sent = Stopwatch.GetTimestamp();
            foreach (var packet in packets)
            {
                if (packet.ArrivalTimestamp != 0)
                {
                    long latency = sent - packet.ArrivalTimestamp;
                    IngestToWire.RecordTicks(latency);
                    ForwardingMetrics.RecordIngestToWire(latency);
                }
            }
        }

        if (!_retransmissions.IsEmpty)
        {
            ResendRequested();
        }
    }

    /// <summary>Answers queued NACKs; on the publisher's thread, which owns the history.</summary>
    private void ResendRequested()
    {
        long now = Stopwatch.GetTimestamp();
        while (_retransmissions.TryDequeue(out var request))
        {
            request.Subscription.Retransmit(this, request.Sequence, _history!, now);
        }
    }

    /// <summary>How old a cached keyframe may be and still be replayed to a joiner when the source can make a new one.</summary>
    public static TimeSpan MaxReplayedCacheAge { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An RTMP source's cache is all a joiner can start from. A WebRTC publisher sends keyframes only when asked (its
    /// GOP grows for minutes), so replaying an old cache would flood the joiner with everything since; it is asked
    /// for a keyframe instead (the join did that) and the joiner starts there.
    /// </summary>
    private bool ShouldReplayCacheToJoiner()
    {
        if (!MakesKeyframesOnDemand || _keyframes is null)
        {
            return true;
        }

        long arrival = _keyframes.KeyframeArrival;
        return arrival != 0 && Stopwatch.GetElapsedTime(arrival) <= MaxReplayedCacheAge;
    }

    /// <summary>
    /// Sends the cached keyframe and what followed it to one sink, access unit by access unit (split at the marker
    /// bit) as live packets come; a viewer gets it all as one batch for its transport.
    /// </summary>
    private void ReplayCache(IRtpPacketSink sink)
    {
        if (_keyframes is null || _keyframes.Count == 0)
        {
            return;
        }

        var viewer = sink as RtpSubscription;
        viewer?.BeginBatch();
        try
        {
            _keyframes.Replay(cached =>
            {
                _replayRun.Add(cached);
                if (cached.Marker)
                {
                    SendReplayRun(sink);
                }
            });
            SendReplayRun(sink);
        }
        finally
        {
            _replayRun.Clear();
            viewer?.EndBatch();
        }
    }

    private void SendReplayRun(IRtpPacketSink sink)
    {
        if (_replayRun.Count > 0)
        {
            sink.OnPackets(this, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_replayRun));
            _replayRun.Clear();
        }
    }

    private void JoinWaitingSubscriptions()
    {
        while (_joins.TryDequeue(out var sink))
        {
            // A sink that left before its join was processed (e.g. while the publisher was away) never joins, nor does
            // a viewer already moved to another layer.
            if (sink.IsClosed || (sink is RtpSubscription viewer && !ReferenceEquals(viewer.Track, this)))
            {
                continue;
            }

            if (ShouldReplayCacheToJoiner())
            {
                ReplayCache(sink);
            }

            _packetSinks.Add(sink);
        }
    }

    private void RestartWaitingSubscriptions()
    {
        while (_restarts.TryDequeue(out var subscription))
        {
            if (subscription.IsClosed || !ReferenceEquals(subscription.Track, this) || !subscription.BeginRestart())
            {
                continue;
            }

            ReplayCache(subscription);
        }
    }

    /// <summary>Counts one access unit that went out as RTP packets.</summary>
    public void CountFrame(bool keyframe) => Counters.AddFrame(keyframe, 0);

    /// <summary>Hands one coded frame to every frame sink.</summary>
    public void PublishFrame(in MediaFrame frame)
    {
        Counters.AddFrame(frame.IsKeyframe, frame.Data.Length);
        foreach (var sink in _frameSinks.Items)
        {
            sink.OnFrame(this, frame);
        }
    }
}

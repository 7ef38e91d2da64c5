using System.Diagnostics;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Sfu.Core.Forwarding;

/// <summary>One viewer's feed of one track: its own SSRC, sequence numbers and timestamps, starting at a keyframe.</summary>
/// <remarks>
/// Runs on the publisher's thread. The source's sequence gaps are kept (the viewer NACKs them); the offsets are
/// fixed at the first forwarded packet, so the viewer's numbering starts at random values like any RTP sender's.
/// A subscription can be moved to another encoding of the same source (a simulcast layer, published from the same
/// thread); it moves at that encoding's next keyframe and the viewer's numbering continues across it.
/// </remarks>
public sealed class RtpSubscription : IRtpPacketSink
{
    private readonly IRtpSender _sender;
    private readonly bool _waitForKeyframe;
    private MediaTrack _track;
    private MediaTrack? _switchingTo;
    private readonly object _switchGate = new();
    private ushort _firstSourceSequence;
    private long _layerSwitches;
    private bool _started;
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private long _lastSourceArrival;
    private uint _lastSourceTimestamp;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private int _sourceGeneration;
    private bool _splicing;
    private long _sentThisSource;
    private int _pendingResends;
    private int _closed;
    private long _keyframeRestarts;
    private int _resendBudget = 250_000;
    private int _suspended;
    private int _resumeRequested;
    private long _lastRestartRequest;
    private long _keyframeSentAt;
    private int _lastFirSequence = -1;
    private readonly (ushort Sequence, long At)[] _recentResends = new (ushort, long)[256];
    private double _resendTokens;
    private long _resendTokensAt;
    private long _roundTripTicks = TimeSpan.FromMilliseconds(50).Ticks;

    /// <summary>Creates a subscription; call <see cref="MediaTrack.Subscribe"/> to start it.</summary>
    public RtpSubscription(MediaTrack track, uint ssrc, byte payloadType, IRtpSender sender)
    {
        _track = track;
        Ssrc = ssrc;
        PayloadType = payloadType;
        _sender = sender;
        _waitForKeyframe = track.Kind == MediaKind.Video;
        _sequenceOffset = (ushort)Random.Shared.Next(0, 65536);
        _timestampOffset = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
        _sourceGeneration = track.SourceGeneration;
    }

    /// <summary>The track forwarded (the layer the viewer gets now, for a simulcast source).</summary>
    public MediaTrack Track => Volatile.Read(ref _track);

    /// <summary>The layer the viewer is being moved to, until its next keyframe arrives; null when none.</summary>
    public MediaTrack? SwitchingTo => Volatile.Read(ref _switchingTo);

    /// <summary>Times the viewer was moved from one layer to another.</summary>
    public long LayerSwitches => Interlocked.Read(ref _layerSwitches);

    /// <summary>The viewer's SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The viewer's payload type.</summary>
    public byte PayloadType { get; }

    /// <summary>True once the first (key)frame has gone out.</summary>
    public bool IsStarted => Volatile.Read(ref _started);

    /// <summary>Totals sent.</summary>
    public SubscriptionCounters Counters { get; } = new();

    /// <summary>Retransmissions sent, and NACKed packets not resent (too late, repeated, over budget).</summary>
    public RetransmissionCounters Retransmissions { get; } = new();

    /// <summary>
    /// Bytes per second retransmissions may add for this viewer: the transport sets it to a share of the viewer's
    /// bandwidth estimate (any thread; read on the publisher's thread).
    /// </summary>
    public int ResendBudgetBytesPerSecond
    {
        get => Volatile.Read(ref _resendBudget);
        set => Volatile.Write(ref _resendBudget, value);
    }

    /// <summary>How old a packet may be (since it arrived) and still be worth resending.</summary>
    public static TimeSpan MaxResendAge { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The viewer's round-trip time, as its receiver reports measure it (50 ms until the first). A NACKed packet is
    /// not resent again within one round trip: an earlier resend may still be on its way. After that, a repeated NACK
    /// means the resend was lost too, and it goes again.
    /// </summary>
    public TimeSpan RoundTripTime
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _roundTripTicks));
        set => Volatile.Write(ref _roundTripTicks, Math.Max(value.Ticks, TimeSpan.FromMilliseconds(5).Ticks));
    }

    /// <inheritdoc/>
    public void OnPacket(MediaTrack track, RtpPacket packet)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            // Whatever track still holds a closed subscription lets go of it here, whichever race left it there.
            track.RemovePacketSink(this);
            return;
        }

        if (!ReferenceEquals(track, _track) && !TakeLayerAt(track, packet))
        {
            return;
        }

        int generation = track.SourceGeneration;
        if (generation != _sourceGeneration)
        {
            _sourceGeneration = generation;
            _splicing = _started;
        }

        if (Volatile.Read(ref _suspended) != 0)
        {
            return;
        }

        if (_resumeRequested != 0 && Interlocked.Exchange(ref _resumeRequested, 0) != 0)
        {
            // Numbering continues after the pause from the next keyframe, as after a reconnect: the viewer sees no
            // gap to NACK and its decoder restarts cleanly.
            _splicing = _started;
        }

        if (!_started || _splicing)
        {
            if (_waitForKeyframe && !packet.IsKeyframeStart)
            {
                return;
            }

            if (_splicing)
            {
                Splice(packet);
            }
            else
            {
                _sequenceOffset = unchecked((ushort)(_sequenceOffset - packet.SequenceNumber));
                _timestampOffset = unchecked(_timestampOffset - packet.Timestamp);
                _sentThisSource = 0;
                _firstSourceSequence = packet.SequenceNumber;
                Volatile.Write(ref _started, true);
            }
        }
        else if (_sentThisSource < 1024 && unchecked((short)(packet.SequenceNumber - _firstSourceSequence)) < 0)
        {
            // Older than where this source started for the viewer (a late packet of a new layer, from before its
            // keyframe): its number would land on one the viewer already has from the previous source.
            return;
        }

        var rewrite = new RtpRewrite(
            Ssrc,
            unchecked((ushort)(packet.SequenceNumber + _sequenceOffset)),
            unchecked(packet.Timestamp + _timestampOffset),
            PayloadType);
        _lastSourceArrival = packet.ArrivalTimestamp;
        _lastSourceTimestamp = packet.Timestamp;
        _lastSequence = rewrite.SequenceNumber;
        _lastTimestamp = rewrite.Timestamp;
        _sentThisSource++;
        if (packet.IsKeyframeStart)
        {
            Volatile.Write(ref _keyframeSentAt, Stopwatch.GetTimestamp());
        }

        Counters.Add(packet.Payload.Length);
        _sender.Send(packet, rewrite);
    }

    /// <summary>
    /// Moves the viewer to <paramref name="layer"/>, another encoding of the same source published from the same
    /// thread: it gets the current layer until the new one's next keyframe (asked for here), then only the new one,
    /// numbered on from what it had. Asking for the current layer cancels a pending move. Any thread.
    /// </summary>
    public void SwitchTo(MediaTrack layer)
    {
        lock (_switchGate)
        {
            if (IsClosed)
            {
                return;
            }

            var pending = _switchingTo;
            if (ReferenceEquals(layer, pending))
            {
                return;
            }

            pending?.RemovePacketSink(this);
            if (ReferenceEquals(layer, _track))
            {
                Volatile.Write(ref _switchingTo, null);
                return;
            }

            Volatile.Write(ref _switchingTo, layer);
            layer.AddPacketSink(this);
        }

        layer.RequestKeyframe();
    }

    /// <summary>
    /// A packet of another track: the layer being switched to takes over at its keyframe. The check is lock-free; the
    /// takeover is under the same lock as <see cref="SwitchTo"/> and <see cref="Close"/>, so the current layer and the
    /// pending one are never seen half-changed and a sink is never added twice or left behind.
    /// </summary>
    private bool TakeLayerAt(MediaTrack track, RtpPacket packet)
    {
        if (!packet.IsKeyframeStart || !ReferenceEquals(track, Volatile.Read(ref _switchingTo)))
        {
            return false;
        }

        MediaTrack previous;
        lock (_switchGate)
        {
            if (IsClosed || !ReferenceEquals(track, _switchingTo))
            {
                return false;
            }

            previous = _track;
            Volatile.Write(ref _track, track);
            Volatile.Write(ref _switchingTo, null);
        }

        previous.RemovePacketSink(this);

        // Encodings have their own sequence numbers and timestamps: continue the viewer's as after a reconnect.
        // NACKs still queued on the previous layer will be refused there; they no longer count against this one.
        _sourceGeneration = track.SourceGeneration;
        _splicing = _started;
        Volatile.Write(ref _pendingResends, 0);
        Interlocked.Increment(ref _layerSwitches);
        return true;
    }

    /// <summary>Opens a batch on the viewer's transport (see <see cref="IRtpSender.BeginBatch"/>).</summary>
    internal void BeginBatch() => _sender.BeginBatch();

    /// <summary>Closes the batch <see cref="BeginBatch"/> opened.</summary>
    internal void EndBatch() => _sender.EndBatch();

    /// <summary>A run of packets (an access unit): forwarded one by one, and sent by the transport as one batch.</summary>
    public void OnPackets(MediaTrack track, ReadOnlySpan<RtpPacket> packets)
    {
        _sender.BeginBatch();
        try
        {
            foreach (var packet in packets)
            {
                OnPacket(track, packet);
            }
        }
        finally
        {
            _sender.EndBatch();
        }
    }

    /// <summary>
    /// The viewer-side RTP timestamp that corresponds to <paramref name="now"/> (a <see cref="Stopwatch"/> reading), for
    /// the NTP↔RTP pair in a sender report: from the stream's shared media clock when the source declares one (so all
    /// tracks agree), else extrapolated from the last packet's arrival; null before anything was sent.
    /// </summary>
    public uint? RtpTimestampAt(long now)
    {
        // Between a reconnect and the splice, the track's clock already belongs to the new source but this viewer's
        // offsets still to the old one: no mapping is better than a wrong one.
        if (!IsStarted || _lastSourceArrival == 0 || _splicing || Track.SourceGeneration != _sourceGeneration)
        {
            return null;
        }

        if (Track.SourceRtpTimestampAt(now) is { } fromClock)
        {
            return unchecked(fromClock + _timestampOffset);
        }

        double elapsed = (now - _lastSourceArrival) / (double)Stopwatch.Frequency;
        return unchecked(_lastSourceTimestamp + _timestampOffset + (uint)(long)(elapsed * Track.Codec.ClockRate));
    }

    /// <summary>
    /// Continues the viewer's numbering across a source change: the next sequence number follows the last one sent,
    /// and the timestamp advances by the wall time the source was away, so the viewer's decoder sees one stream with a
    /// pause in it, starting again at a keyframe.
    /// </summary>
    private void Splice(RtpPacket packet)
    {
        // A reconnect advances by the time the source was away; a restart replays packets older than the last one
        // sent, so it advances by about a frame: timestamps must never run backwards for the viewer's jitter buffer.
        double away = (packet.ArrivalTimestamp - _lastSourceArrival) / (double)Stopwatch.Frequency;
        uint advance = (uint)Math.Max(Track.Codec.ClockRate / 30, (long)(away * Track.Codec.ClockRate));
        _sequenceOffset = unchecked((ushort)(_lastSequence + 1 - packet.SequenceNumber));
        _timestampOffset = unchecked(_lastTimestamp + advance - packet.Timestamp);
        _sentThisSource = 0;
        _firstSourceSequence = packet.SequenceNumber;
        _splicing = false;
    }

    /// <summary>NACKed packets one viewer may have waiting; beyond this its NACKs are dropped (and counted), so a viewer
    /// flooding NACKs can neither crowd out the others' nor hold up the publisher's thread.</summary>
    public const int MaxPendingResends = 256;

    /// <summary>True once closed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>The viewer reported <paramref name="sequenceNumber"/> (its numbering) lost; resent on the publisher's thread.</summary>
    public void RequestRetransmission(ushort sequenceNumber)
    {
        if (IsClosed || !_sender.CanResend)
        {
            return;
        }

        if (Interlocked.Increment(ref _pendingResends) > MaxPendingResends || !Track.EnqueueRetransmission(this, sequenceNumber))
        {
            Interlocked.Decrement(ref _pendingResends);
            Retransmissions.AddOverBudget();
        }
    }

    /// <summary>Resends one NACKed packet from the track's history, unless it is too late, repeated or over budget.</summary>
    internal void Retransmit(MediaTrack from, ushort sequenceNumber, PacketHistory history, long now)
    {
        if (Interlocked.Decrement(ref _pendingResends) < 0)
        {
            // Requests from before a layer switch, which reset the count.
            Interlocked.Exchange(ref _pendingResends, 0);
        }

        if (Volatile.Read(ref _closed) != 0 || !_started || _splicing)
        {
            return;
        }

        // Asked before a layer switch: the old layer's history does not hold what the viewer's numbering now means.
        if (!ReferenceEquals(from, _track))
        {
            Retransmissions.AddTooLate();
            return;
        }

        // Only what this viewer was sent from the current source: counting back from the last packet sent, no
        // further than this source has sent (not before a splice) or than the history could hold.
        int back = unchecked((ushort)(_lastSequence - sequenceNumber));
        if (back >= _sentThisSource || back >= 32768)
        {
            Retransmissions.AddTooLate();
            return;
        }

        ushort source = unchecked((ushort)(sequenceNumber - _sequenceOffset));
        if (!history.TryGet(source, out var packet) || now - packet.ArrivalTimestamp > MaxResendAge.TotalSeconds * Stopwatch.Frequency)
        {
            Retransmissions.AddTooLate();
            return;
        }

        ref var recent = ref _recentResends[sequenceNumber & 0xFF];
        if (recent.At != 0 && recent.Sequence == sequenceNumber && now - recent.At < RoundTripTime.TotalSeconds * Stopwatch.Frequency)
        {
            Retransmissions.AddRepeated();
            return;
        }

        if (!TakeResendTokens(packet.Length, now))
        {
            Retransmissions.AddOverBudget();
            return;
        }

        var rewrite = new RtpRewrite(Ssrc, sequenceNumber, unchecked(packet.Timestamp + _timestampOffset), PayloadType);
        if (_sender.Resend(packet, rewrite))
        {
            recent = (sequenceNumber, now);
            Retransmissions.AddSent(packet.Length);
        }
    }

    /// <summary>The viewer's sequence number for a source sequence number of the current source.</summary>
    internal ushort ViewerSequenceOf(ushort sourceSequence) => unchecked((ushort)(sourceSequence + _sequenceOffset));

    /// <summary>A token bucket holding a quarter second of the budget, so a burst of NACKs cannot flood the viewer.</summary>
    private bool TakeResendTokens(int bytes, long now)
    {
        double capacity = ResendBudgetBytesPerSecond / 4.0;
        if (_resendTokensAt == 0)
        {
            _resendTokens = capacity;
        }
        else
        {
            double elapsed = (now - _resendTokensAt) / (double)Stopwatch.Frequency;
            _resendTokens = Math.Min(capacity, _resendTokens + (elapsed * ResendBudgetBytesPerSecond));
        }

        _resendTokensAt = now;
        if (_resendTokens < bytes)
        {
            return false;
        }

        _resendTokens -= bytes;
        return true;
    }

    /// <summary>True while the viewer is sent nothing of this track (e.g. its video while it is on audio only).</summary>
    public bool IsSuspended => Volatile.Read(ref _suspended) != 0;

    /// <summary>Stops sending this track to the viewer until <see cref="Resume"/>; any thread.</summary>
    public void Suspend() => Volatile.Write(ref _suspended, 1);

    /// <summary>Sends the track again, from its next keyframe, numbered on from the last packet sent; any thread.</summary>
    public void Resume()
    {
        Volatile.Write(ref _resumeRequested, 1);
        Volatile.Write(ref _suspended, 0);
        Track.RequestKeyframe();
    }

    /// <summary>Times this viewer was restarted at a keyframe after asking for one.</summary>
    public long KeyframeRestarts => Volatile.Read(ref _keyframeRestarts);

    /// <summary>
    /// The viewer asked for a keyframe (PLI, or a new FIR) and its source cannot make one: restart it from the track's
    /// cached keyframe, at most once per <see cref="MinRestartInterval"/> plus a round trip, because a viewer keeps
    /// asking until the keyframe has arrived and each restart resends the whole cache. Any thread.
    /// </summary>
    public bool RequestKeyframeRestart(long now)
    {
        long last = Interlocked.Read(ref _lastRestartRequest);
        long interval = (long)((MinRestartInterval + RoundTripTime).TotalSeconds * Stopwatch.Frequency);

        // A keyframe sent within that interval (the join's, a live one, an earlier restart's) is still on its way or
        // just arrived: the request was made before the viewer had it.
        long keyframeSent = Volatile.Read(ref _keyframeSentAt);
        if (IsClosed
            || (last != 0 && now - last < interval)
            || (keyframeSent != 0 && now - keyframeSent < interval)
            || Interlocked.CompareExchange(ref _lastRestartRequest, now, last) != last)
        {
            return false;
        }

        Track.RestartFromKeyframe(this);
        return true;
    }

    /// <summary>The least time between two keyframe restarts of one viewer (a round trip is added).</summary>
    public static TimeSpan MinRestartInterval { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// True for a FIR whose command sequence number differs from the last one seen: RFC 5104 §4.3.1.2 makes a FIR
    /// repeated with the same number the same request, which must not cause a second keyframe.
    /// </summary>
    public bool IsNewFullIntraRequest(byte sequenceNumber) =>
        Interlocked.Exchange(ref _lastFirSequence, sequenceNumber) != sequenceNumber;

    /// <summary>
    /// On the publisher's thread: the next keyframe this viewer is given (the cache's, replayed right after) continues
    /// its numbering like a splice. False when the viewer has not started (it is waiting for a keyframe anyway).
    /// </summary>
    internal bool BeginRestart()
    {
        if (!_started)
        {
            return false;
        }

        _splicing = true;
        Interlocked.Increment(ref _keyframeRestarts);
        return true;
    }

    /// <summary>Stops forwarding and leaves the current layer and any pending one.</summary>
    public void Close()
    {
        lock (_switchGate)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            Track.Unsubscribe(this);
            _switchingTo?.RemovePacketSink(this);
            Volatile.Write(ref _switchingTo, null);
        }
    }
}

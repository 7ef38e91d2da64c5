using System.Diagnostics;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Sfu.Core.Forwarding;

/// <summary>One viewer's feed of one track: its own SSRC, sequence numbers and timestamps, starting at a keyframe.</summary>
/// <remarks>
/// Runs on the publisher's thread. The source's sequence gaps are kept (the viewer NACKs them); the offsets are
/// fixed at the first forwarded packet, so the viewer's numbering starts at random values like any RTP sender's.
/// </remarks>
public sealed class RtpSubscription : IRtpPacketSink
{
    private readonly IRtpSender _sender;
    private readonly bool _waitForKeyframe;
    private bool _started;
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private long _lastSourceArrival;
    private uint _lastSourceTimestamp;
    private int _closed;

    /// <summary>Creates a subscription; call <see cref="MediaTrack.Subscribe"/> to start it.</summary>
    public RtpSubscription(MediaTrack track, uint ssrc, byte payloadType, IRtpSender sender)
    {
        Track = track;
        Ssrc = ssrc;
        PayloadType = payloadType;
        _sender = sender;
        _waitForKeyframe = track.Kind == MediaKind.Video;
        _sequenceOffset = (ushort)Random.Shared.Next(0, 65536);
        _timestampOffset = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
    }

    /// <summary>The track forwarded.</summary>
    public MediaTrack Track { get; }

    /// <summary>The viewer's SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The viewer's payload type.</summary>
    public byte PayloadType { get; }

    /// <summary>True once the first (key)frame has gone out.</summary>
    public bool IsStarted => Volatile.Read(ref _started);

    /// <summary>Totals sent.</summary>
    public SubscriptionCounters Counters { get; } = new();

    /// <inheritdoc/>
    public void OnPacket(MediaTrack track, RtpPacket packet)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        if (!_started)
        {
            if (_waitForKeyframe && !packet.IsKeyframeStart)
            {
                return;
            }

            _sequenceOffset = unchecked((ushort)(_sequenceOffset - packet.SequenceNumber));
            _timestampOffset = unchecked(_timestampOffset - packet.Timestamp);
            Volatile.Write(ref _started, true);
        }

        var rewrite = new RtpRewrite(
            Ssrc,
            unchecked((ushort)(packet.SequenceNumber + _sequenceOffset)),
            unchecked(packet.Timestamp + _timestampOffset),
            PayloadType);
        _lastSourceArrival = packet.ArrivalTimestamp;
        _lastSourceTimestamp = packet.Timestamp;
        Counters.Add(packet.Payload.Length);
        _sender.Send(packet, rewrite);
    }

    /// <summary>
    /// The viewer-side RTP timestamp that corresponds to <paramref name="now"/> (a <see cref="Stopwatch"/> reading), for
    /// the NTP↔RTP pair in a sender report: from the stream's shared media clock when the source declares one (so all
    /// tracks agree), else extrapolated from the last packet's arrival; null before anything was sent.
    /// </summary>
    public uint? RtpTimestampAt(long now)
    {
        if (!IsStarted || _lastSourceArrival == 0)
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

    /// <summary>Stops forwarding; the track drops the subscription on its next packet.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Track.Unsubscribe(this);
        }
    }
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Sdp;
using Microsoft.Extensions.Logging;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Whip;

/// <summary>
/// Receives one WHIP publisher's RTP into its live stream, and keeps the publisher informed: receiver reports,
/// NACKs for lost packets, transport-cc feedback so its encoder ramps up, PLI/FIR when viewers need a keyframe.
/// </summary>
/// <remarks>
/// Packets arrive on the UDP receive thread, which only decrypts, checks, copies into a pooled packet and queues it;
/// the fan-out to viewers runs on this publisher's own thread (as an RTMP publisher's runs on its connection), which
/// also sends the feedback on its timers. The receive-side state is shared by the two under one short lock.
/// </remarks>
internal sealed class WhipPublisher : IPeerMediaReceiver
{
    private static readonly long FeedbackInterval = Stopwatch.Frequency / 20;
    private static readonly long ReportInterval = Stopwatch.Frequency;

    private readonly WebRtcPeer _peer;
    private readonly WhipIncomingTrack[] _tracks;
    private readonly int _transportCcExtensionId;
    private readonly RtpPacketPool _pool;
    private readonly ILogger _logger;
    private readonly object _stateLock = new();
    private readonly TransportFeedbackRecorder _transportFeedback = new();
    private readonly ConcurrentQueue<RtpPacket> _queue = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private volatile bool _closed;
    private long _malformed;
    private long _unknownPayloadType;

    public WhipPublisher(WebRtcPeer peer, LiveStream stream, IReadOnlyList<WhipIncomingTrack> tracks, int transportCcExtensionId, RtpPacketPool pool, ILogger logger)
    {
        _peer = peer;
        Stream = stream;
        _tracks = [.. tracks];
        _transportCcExtensionId = transportCcExtensionId;
        _pool = pool;
        _logger = logger;
        // Only video has keyframes: an audio track's joins must not send the publisher a PLI for its Opus SSRC.
        foreach (var track in _tracks.Where(t => t.Track.Kind == Sfu.Core.Media.MediaKind.Video))
        {
            track.Track.KeyframeRequested += _ => Interlocked.Exchange(ref track.KeyframeWanted, 1);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"whip-{stream.Name}" };
        _thread.Start();
    }

    /// <summary>The stream this publisher feeds.</summary>
    public LiveStream Stream { get; }

    /// <summary>Packets that failed RTP header checks.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Packets with a payload type the answer did not negotiate.</summary>
    public long UnknownPayloadTypePackets => Interlocked.Read(ref _unknownPayloadType);

    /// <inheritdoc/>
    public void OnRtp(ReadOnlySpan<byte> packet, long arrivalTimestamp)
    {
        if (_closed)
        {
            return;
        }

        if (!RtpHeaderView.TryParse(packet, out var header))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        var track = Find(header.PayloadType, out bool isRtx);
        if (track is null)
        {
            Interlocked.Increment(ref _unknownPayloadType);
            return;
        }

        // RFC 4588: an RTX packet's payload starts with the original sequence number; unwrapped, it is the original.
        // Padding-only packets (the publisher's bandwidth probes, on its RTX stream) carry no media.
        ushort sequence = header.SequenceNumber;
        var payload = header.Payload;
        if (isRtx && payload.Length > 2)
        {
            sequence = BinaryPrimitives.ReadUInt16BigEndian(payload);
            payload = payload[2..];
        }
        else if (isRtx)
        {
            payload = default;
        }

        bool media = !payload.IsEmpty && (!isRtx || track.Ssrc is not null);
        lock (_stateLock)
        {
            // Every packet counts for transport-cc, probes most of all: reported missing, they would make the
            // publisher's estimator back off instead of ramping up.
            if (header.TryGetExtension(_transportCcExtensionId, out var transportSequence) && transportSequence.Length >= 2)
            {
                _transportFeedback.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(transportSequence), arrivalTimestamp);
            }

            if (!media)
            {
                return;
            }

            if (!isRtx && track.Ssrc != header.Ssrc)
            {
                StartSsrc(track, header.Ssrc);
            }

            track.Statistics!.OnPacket(sequence, header.Timestamp, arrivalTimestamp);
            track.Nack?.OnPacket(sequence, arrivalTimestamp);
        }

        if (RtpPacket.FixedHeaderSize + payload.Length > _pool.PacketCapacity)
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        var copy = _pool.Rent();
        copy.WriteHeader(track.PayloadType, header.Marker, sequence, header.Timestamp, track.Ssrc!.Value);
        payload.CopyTo(copy.Buffer.AsSpan(RtpPacket.FixedHeaderSize));
        copy.Length = RtpPacket.FixedHeaderSize + payload.Length;
        copy.ArrivalTimestamp = arrivalTimestamp;

        // A retransmitted packet belongs to an access unit already marked (or lost); marking it again would restart
        // the keyframe cache at an old picture.
        copy.IsKeyframeStart = !isRtx && track.IsKeyframeStart(header.Timestamp, payload);
        _queue.Enqueue(copy);
        _wake.Set();
    }

    /// <inheritdoc/>
    public void OnSenderReport(uint ssrc, ulong ntpTimestamp, long arrivalTimestamp)
    {
        lock (_stateLock)
        {
            foreach (var track in _tracks)
            {
                if (track.Ssrc == ssrc)
                {
                    track.Statistics?.OnSenderReport(ntpTimestamp, arrivalTimestamp);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void OnClosed(string reason)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _wake.Set();
        _logger.LogDebug("WHIP publisher of '{Stream}' stops receiving: {Reason}", Stream.Name, reason);
    }

    private WhipIncomingTrack? Find(byte payloadType, out bool isRtx)
    {
        foreach (var track in _tracks)
        {
            if (track.PayloadType == payloadType)
            {
                isRtx = false;
                return track;
            }

            if (track.RtxPayloadType == payloadType)
            {
                isRtx = true;
                return track;
            }
        }

        isRtx = false;
        return null;
    }

    /// <summary>A new SSRC on a line (the first packet, or a publisher that restarted its sender): fresh statistics.</summary>
    private static void StartSsrc(WhipIncomingTrack track, uint ssrc)
    {
        bool restarted = track.Ssrc is not null;
        track.Ssrc = ssrc;
        track.Statistics = new RtpReceiveStatistics(ssrc, track.Track.Codec.ClockRate);
        track.Nack = track.Feedback.HasFlag(WhipRtcpFeedback.Nack) && track.Track.Kind == Sfu.Core.Media.MediaKind.Video ? new NackGenerator() : null;
        if (restarted)
        {
            track.Track.BeginNewSource();
        }
    }

    private void Run()
    {
        long nextFeedback = Stopwatch.GetTimestamp();
        long nextReport = nextFeedback + ReportInterval;
        Span<byte> rtcp = stackalloc byte[1500];
        Span<ushort> missing = stackalloc ushort[256];
        try
        {
            while (!_closed)
            {
                _wake.WaitOne(TimeSpan.FromMilliseconds(10));
                while (_queue.TryDequeue(out var packet))
                {
                    var track = FindByPayloadType(packet.PayloadType);
                    track?.Track.PublishPacket(packet);
                    packet.Release();
                }

                long now = Stopwatch.GetTimestamp();
                SendNacksAndKeyframeRequests(now, rtcp, missing);
                if (now >= nextFeedback)
                {
                    nextFeedback = now + FeedbackInterval;
                    SendTransportFeedback(now, rtcp);
                }

                if (now >= nextReport)
                {
                    nextReport = now + ReportInterval;
                    SendReceiverReports(now, rtcp);
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "WHIP publisher of '{Stream}' failed", Stream.Name);
            _peer.Close("internal error: " + ex.Message);
        }
        finally
        {
            while (_queue.TryDequeue(out var left))
            {
                left.Release();
            }
        }
    }

    private WhipIncomingTrack? FindByPayloadType(byte payloadType)
    {
        foreach (var track in _tracks)
        {
            if (track.PayloadType == payloadType)
            {
                return track;
            }
        }

        return null;
    }

    private void SendNacksAndKeyframeRequests(long now, Span<byte> rtcp, Span<ushort> missing)
    {
        foreach (var track in _tracks)
        {
            if (track.Ssrc is not { } ssrc)
            {
                continue;
            }

            int count;
            bool keyframeNeeded;
            lock (_stateLock)
            {
                count = track.Nack?.CollectDue(now, _peer.Stats.RoundTripTime ?? TimeSpan.FromMilliseconds(50), missing) ?? 0;
                keyframeNeeded = track.Nack is { KeyframeNeeded: true };
                if (keyframeNeeded)
                {
                    track.Nack!.KeyframeNeeded = false;
                }
            }

            if (count > 0)
            {
                int length = RtcpWriter.WriteGenericNack(rtcp, _ssrc, ssrc, missing[..count]);
                _peer.SendRtcp(rtcp[..length]);
            }

            // A lost packet that could not be recovered asks through the track, so it is aggregated like a viewer's.
            if (keyframeNeeded)
            {
                track.Track.RequestKeyframe();
            }

            if (Interlocked.Exchange(ref track.KeyframeWanted, 0) != 0)
            {
                SendKeyframeRequest(track, ssrc, rtcp);
            }
        }
    }

    private void SendKeyframeRequest(WhipIncomingTrack track, uint ssrc, Span<byte> rtcp)
    {
        int length;
        if (track.Feedback.HasFlag(WhipRtcpFeedback.Pli) || !track.Feedback.HasFlag(WhipRtcpFeedback.Fir))
        {
            length = RtcpWriter.WritePictureLossIndication(rtcp, _ssrc, ssrc);
        }
        else
        {
            length = RtcpWriter.WriteFullIntraRequest(rtcp, _ssrc, ssrc, ++track.FirSequence);
        }

        _peer.SendRtcp(rtcp[..length]);
    }

    private void SendTransportFeedback(long now, Span<byte> rtcp)
    {
        uint mediaSsrc = _tracks.FirstOrDefault(t => t.Ssrc is not null)?.Ssrc ?? 0;
        int length;
        lock (_stateLock)
        {
            length = _transportFeedback.BuildFeedback(rtcp, _ssrc, mediaSsrc, now);
        }

        if (length > 0)
        {
            _peer.SendRtcp(rtcp[..length]);
        }
    }

    private void SendReceiverReports(long now, Span<byte> rtcp)
    {
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[4];
        int count = 0;
        lock (_stateLock)
        {
            foreach (var track in _tracks)
            {
                if (track.Statistics is { } statistics && count < blocks.Length)
                {
                    blocks[count++] = statistics.CreateReportBlock(now);
                }
            }
        }

        if (count > 0)
        {
            int length = RtcpWriter.WriteReceiverReport(rtcp, _ssrc, blocks[..count]);
            _peer.SendRtcp(rtcp[..length]);
        }
    }
}

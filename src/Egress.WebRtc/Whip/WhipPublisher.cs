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
    private readonly WhipIncomingLayer[] _layers;
    private readonly int _transportCcExtensionId;
    private readonly RtpPacketPool _pool;
    private readonly ILogger _logger;
    private readonly object _stateLock = new();
    private readonly TransportFeedbackRecorder _transportFeedback = new();
    private readonly ConcurrentQueue<(WhipIncomingLayer Layer, RtpPacket Packet, bool NewSource)> _queue = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly TimeSpan? _reorderHold;
    private volatile bool _closed;
    private long _malformed;
    private long _unknownPayloadType;
    private long _unknownStream;
    private long _duplicates;

    public WhipPublisher(WebRtcPeer peer, LiveStream stream, IReadOnlyList<WhipIncomingTrack> tracks, int transportCcExtensionId, RtpPacketPool pool, ILogger logger, TimeSpan? reorderHold = null)
    {
        _reorderHold = reorderHold;
        _peer = peer;
        Stream = stream;
        _tracks = [.. tracks];
        _layers = [.. _tracks.SelectMany(t => t.Layers)];
        _transportCcExtensionId = transportCcExtensionId;
        _pool = pool;
        _logger = logger;
        // Only video has keyframes: an audio track's joins must not send the publisher a PLI for its Opus SSRC.
        foreach (var layer in _layers.Where(l => l.Track.Kind == Sfu.Core.Media.MediaKind.Video))
        {
            layer.Track.KeyframeRequested += _ => Interlocked.Exchange(ref layer.KeyframeWanted, 1);
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

    /// <summary>
    /// Packets not forwarded because they were received before (retransmissions used as bandwidth probes, network
    /// duplicates) or are a lone sequence jump not yet confirmed as a restart.
    /// </summary>
    public long DuplicatePackets => Interlocked.Read(ref _duplicates);

    /// <summary>Simulcast packets from an SSRC no rid (or repaired rid) has named yet.</summary>
    public long UnknownStreamPackets => Interlocked.Read(ref _unknownStream);

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
        // Padding-only packets on the RTX stream (the publisher's bandwidth probes) carry nothing; padding on the media
        // stream still takes a sequence number, which must not look lost.
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

        if (RtpPacket.FixedHeaderSize + payload.Length > _pool.PacketCapacity)
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        bool media = !payload.IsEmpty || !isRtx;
        WhipIncomingLayer? layer;
        bool newSource;
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

            layer = isRtx ? FindRepaired(track, header) : FindMedia(track, header);
            if (layer is null)
            {
                Interlocked.Increment(ref _unknownStream);
                return;
            }

            // A packet already received (libwebrtc probes bandwidth by resending media on RTX) is not sent on again.
            if (!layer.Statistics!.OnPacket(sequence, header.Timestamp, arrivalTimestamp))
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }

            newSource = layer.RestartPending;
            layer.RestartPending = false;
            if (layer.Statistics.Restarts != layer.SeenRestarts)
            {
                // The same SSRC started numbering anew (RFC 3550 A.1): as good as a new source.
                layer.SeenRestarts = layer.Statistics.Restarts;
                layer.Nack = layer.Nack is null ? null : new NackGenerator();
                newSource = true;
            }

            layer.Nack?.OnPacket(sequence, arrivalTimestamp);
        }

        var copy = _pool.Rent();
        copy.WriteHeader(track.PayloadType, header.Marker, sequence, header.Timestamp, layer.Ssrc!.Value);
        payload.CopyTo(copy.Buffer.AsSpan(RtpPacket.FixedHeaderSize));
        copy.Length = RtpPacket.FixedHeaderSize + payload.Length;
        copy.ArrivalTimestamp = arrivalTimestamp;
        _queue.Enqueue((layer, copy, newSource));
        _wake.Set();
    }

    /// <summary>
    /// The layer a media packet belongs to: the line's only one, whose SSRC is learned (and a new SSRC restarts it);
    /// for simulcast, by SSRC once known, else by the rid the first packets carry (RFC 8852).
    /// </summary>
    private WhipIncomingLayer? FindMedia(WhipIncomingTrack line, in RtpHeaderView header)
    {
        if (!line.IsSimulcast)
        {
            var only = line.Layers[0];
            if (only.Ssrc != header.Ssrc)
            {
                StartSsrc(only, header.Ssrc);
            }

            return only;
        }

        foreach (var layer in line.Layers)
        {
            if (layer.Ssrc == header.Ssrc)
            {
                return layer;
            }
        }

        var named = ByRid(line, header, line.RidExtensionId);
        if (named is not null)
        {
            StartSsrc(named, header.Ssrc);
        }

        return named;
    }

    /// <summary>The layer a retransmission repairs: by its RTX SSRC once known, else by its repaired rid.</summary>
    private static WhipIncomingLayer? FindRepaired(WhipIncomingTrack line, in RtpHeaderView header)
    {
        if (!line.IsSimulcast)
        {
            return line.Layers[0].Ssrc is null ? null : line.Layers[0];
        }

        foreach (var layer in line.Layers)
        {
            if (layer.RtxSsrc == header.Ssrc)
            {
                return layer.Ssrc is null ? null : layer;
            }
        }

        var named = ByRid(line, header, line.RepairedRidExtensionId);
        if (named is not null)
        {
            named.RtxSsrc = header.Ssrc;
        }

        return named?.Ssrc is null ? null : named;
    }

    private static WhipIncomingLayer? ByRid(WhipIncomingTrack line, in RtpHeaderView header, int extensionId)
    {
        if (extensionId == 0 || !header.TryGetExtension(extensionId, out var rid))
        {
            return null;
        }

        foreach (var layer in line.Layers)
        {
            if (rid.SequenceEqual(layer.RidBytes))
            {
                return layer;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void OnSenderReport(uint ssrc, ulong ntpTimestamp, long arrivalTimestamp)
    {
        lock (_stateLock)
        {
            foreach (var layer in _layers)
            {
                if (layer.Ssrc == ssrc)
                {
                    layer.Statistics?.OnSenderReport(ntpTimestamp, arrivalTimestamp);
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

    /// <summary>A new SSRC for a layer (its first packet, or a publisher that restarted its sender): fresh statistics.</summary>
    private static void StartSsrc(WhipIncomingLayer layer, uint ssrc)
    {
        bool restarted = layer.Ssrc is not null;
        layer.Ssrc = ssrc;
        layer.Statistics = new RtpReceiveStatistics(ssrc, layer.Track.Codec.ClockRate);
        layer.Nack = layer.Feedback.HasFlag(WhipRtcpFeedback.Nack) && layer.Track.Kind == Sfu.Core.Media.MediaKind.Video ? new NackGenerator() : null;
        layer.RestartPending = restarted;
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
                _wake.WaitOne(WaitTime());
                long arrived = Stopwatch.GetTimestamp();
                while (_queue.TryDequeue(out var item))
                {
                    var (layer, packet, newSource) = item;
                    if (newSource)
                    {
                        // The publisher restarted its sender: viewers splice onto the new numbering at its keyframe.
                        layer.Reorder?.Clear();
                        layer.Track.BeginNewSource();
                    }

                    layer.Reorder ??= new RtpReorderBuffer(maxHold: _reorderHold);
                    layer.Reorder.Add(packet, arrived);
                }

                foreach (var layer in _layers)
                {
                    while (layer.Reorder is { } reorder && reorder.TryTake(arrived, out var packet, out bool inOrder))
                    {
                        // A packet past its gap (a retransmission, a late one) belongs to an access unit already
                        // forwarded or given up: marking it would restart the keyframe cache at an old picture.
                        if (packet.Payload.IsEmpty)
                        {
                            // Padding on the media SSRC: it kept the numbering whole (no NACK, no reorder wait).
                            packet.Release();
                            continue;
                        }

                        packet.IsKeyframeStart = inOrder && layer.IsKeyframeStart(packet.Timestamp, packet.Payload);
                        if (packet.IsKeyframeStart)
                        {
                            layer.ReadPictureSize(packet.Payload);
                        }

                        layer.Track.PublishPacket(packet);
                        packet.Release();
                    }
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
                left.Packet.Release();
            }

            foreach (var layer in _layers)
            {
                layer.Reorder?.Clear();
            }
        }
    }

    /// <summary>Until the next feedback is due or a held packet's gap gives up, at most 10 ms.</summary>
    private TimeSpan WaitTime()
    {
        long now = Stopwatch.GetTimestamp();
        long until = now + (Stopwatch.Frequency / 100);
        foreach (var layer in _layers)
        {
            if (layer.Reorder?.NextDeadline is { } due && due < until)
            {
                until = due;
            }
        }

        return TimeSpan.FromSeconds(Math.Max(0, until - now) / (double)Stopwatch.Frequency);
    }

    private void SendNacksAndKeyframeRequests(long now, Span<byte> rtcp, Span<ushort> missing)
    {
        foreach (var layer in _layers)
        {
            if (layer.Ssrc is not { } ssrc)
            {
                continue;
            }

            int count;
            bool keyframeNeeded;
            lock (_stateLock)
            {
                count = layer.Nack?.CollectDue(now, _peer.Stats.RoundTripTime ?? TimeSpan.FromMilliseconds(50), missing) ?? 0;
                keyframeNeeded = layer.Nack is { KeyframeNeeded: true };
                if (keyframeNeeded)
                {
                    layer.Nack!.KeyframeNeeded = false;
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
                layer.Track.RequestKeyframe();
            }

            if (Interlocked.Exchange(ref layer.KeyframeWanted, 0) != 0)
            {
                SendKeyframeRequest(layer, ssrc, rtcp);
            }
        }
    }

    private void SendKeyframeRequest(WhipIncomingLayer layer, uint ssrc, Span<byte> rtcp)
    {
        var feedback = layer.Feedback;
        int length;
        if (feedback.HasFlag(WhipRtcpFeedback.Pli) || !feedback.HasFlag(WhipRtcpFeedback.Fir))
        {
            length = RtcpWriter.WritePictureLossIndication(rtcp, _ssrc, ssrc);
        }
        else
        {
            length = RtcpWriter.WriteFullIntraRequest(rtcp, _ssrc, ssrc, ++layer.FirSequence);
        }

        _peer.SendRtcp(rtcp[..length]);
    }

    private void SendTransportFeedback(long now, Span<byte> rtcp)
    {
        uint mediaSsrc = _layers.FirstOrDefault(l => l.Ssrc is not null)?.Ssrc ?? 0;
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
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[31];
        int count = 0;
        lock (_stateLock)
        {
            foreach (var layer in _layers)
            {
                if (layer.Statistics is { } statistics && count < blocks.Length)
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

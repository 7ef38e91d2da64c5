using System.Diagnostics;
using System.Net;
using Egress.WebRtc.Dtls;
using Egress.WebRtc.Srtp;
using Egress.WebRtc.Stun;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Logging;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Stats;

namespace Egress.WebRtc.Peers;

/// <summary>
/// One remote WebRTC peer on the shared port: ICE-lite checks, its DTLS-SRTP session, and the tracks it is sent.
/// </summary>
/// <remarks>
/// Datagrams arrive on the UDP receive loop, media from publisher threads, ticks from the host's timer; the SRTP
/// send context is the only state they share, so sends take one short lock.
/// </remarks>
public sealed partial class WebRtcPeer
{
    [ThreadStatic]
    private static byte[]? t_sendScratch;

    [ThreadStatic]
    private static SegmentBatch? t_batch;

    private readonly WebRtcHost _host;
    private readonly bool _batching;
    private readonly ILogger _logger;
    private readonly DtlsSession _dtls;
    private readonly object _sendLock = new();
    private readonly List<RtpSubscription> _subscriptions = [];
    private readonly List<SocketAddress> _mappedAddresses = [];
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private byte[] _localPassword;
    private SrtpContext? _srtpSend;
    private SrtpContext? _srtpReceive;
    private SocketAddress? _selected;
    private SocketAddress? _lastChecked;
    // From creation, not from Start(): the host's timer sees the peer as soon as it routes, and a zero here read as
    // "no consent for ages" closed peers whose service was still between CreatePeer and Start (a WHIP 500).
    private long _lastConsent = Stopwatch.GetTimestamp();
    private long _lastSenderReport;
    private ushort _transportSequence;
    private int _state;
    private long _packetsSent;
    private long _bytesSent;
    private long _packetsReceived;
    private long _bytesReceived;
    private long _dtlsStartedAt;
    private string _remoteAddress = "unknown";

    internal WebRtcPeer(WebRtcHost host, string id, string localUfrag, string localPassword, IReadOnlyList<DtlsFingerprint> remoteFingerprints, ILogger logger, SetupTrace? trace = null)
    {
        _host = host;
        _batching = host.Options.SendBatching;
        SetupTrace = trace ?? new SetupTrace("webrtc.session.setup");
        Id = id;
        LocalUfrag = localUfrag;
        _localPassword = System.Text.Encoding.UTF8.GetBytes(localPassword);
        _logger = logger;
        _estimator = CreateEstimator(host.Options);
        _estimate = host.Options.InitialBandwidthEstimate;
        _fallback = host.Options.AudioOnlyFallback.Enabled ? new AudioOnlyFallback(host.Options.AudioOnlyFallback) : null;
        _dtls = new DtlsSession(host.Certificate, remoteFingerprints, SendDtls);
        _dtls.Connected += OnDtlsConnected;
        _dtls.Failed += reason => Close($"DTLS failed: {reason}");
        _dtls.Closed += reason => Close($"DTLS closed by the peer: {reason}");
    }

    /// <summary>Session id (the WHEP resource name).</summary>
    public string Id { get; }

    /// <summary>Our ICE username fragment for this peer.</summary>
    public string LocalUfrag { get; private set; }

    /// <summary>Setup progress.</summary>
    public PeerState State => (PeerState)Volatile.Read(ref _state);

    /// <summary>Receiver-side view of the session.</summary>
    public PeerStats Stats { get; } = new();

    /// <summary>The subscriptions feeding this peer.</summary>
    public IReadOnlyList<RtpSubscription> Subscriptions => _subscriptions;

    /// <summary>Packets sent to the viewer (RTP and RTCP).</summary>
    public long PacketsSent => Volatile.Read(ref _packetsSent);

    /// <summary>Bytes sent to the viewer, encrypted, without UDP/IP headers.</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>Datagrams received from the viewer (STUN, DTLS, RTCP).</summary>
    public long PacketsReceived => Volatile.Read(ref _packetsReceived);

    /// <summary>Bytes received from the viewer.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Packets resent (as RTX) after the viewer's NACKs, as its subscriptions counted them.</summary>
    public long RetransmissionsSent => _subscriptions.Sum(s => s.Retransmissions.Sent);

    /// <summary>The address media goes to (the nominated candidate pair's remote side).</summary>
    public string RemoteAddress => Volatile.Read(ref _remoteAddress);

    /// <summary>The setup steps, emitted as a trace once the first media packet is out (or the peer fails).</summary>
    public SetupTrace SetupTrace { get; }

    /// <summary>Why the peer closed, once closed.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>The remote addresses this peer proved with STUN checks (routing entries to remove when it goes).</summary>
    internal IReadOnlyList<SocketAddress> MappedAddresses
    {
        get
        {
            lock (_mappedAddresses)
            {
                return [.. _mappedAddresses];
            }
        }
    }

    /// <summary>Raised once when the peer closes, with the reason.</summary>
    public event Action<WebRtcPeer, string>? Closed;

    /// <summary>Raised once when media starts flowing.</summary>
    public event Action<WebRtcPeer>? Connected;

    /// <summary>Adds a track to send once DTLS is up (call before the answer goes out).</summary>
    internal void AddTrack(OutgoingMedia media, Func<IRtpSender, RtpSubscription> subscribe) =>
        _subscriptions.Add(subscribe(new TrackSender(this, media)));

    /// <summary>Starts the consent clock and the DTLS session; call once the answer is out.</summary>
    internal void Start()
    {
        _lastConsent = Stopwatch.GetTimestamp();
        _dtls.Start();
    }

    /// <summary>Replaces our ICE credentials (ICE restart); checks with the old ones stop working.</summary>
    internal void RestartIce(string ufrag, string password)
    {
        LocalUfrag = ufrag;
        _localPassword = System.Text.Encoding.UTF8.GetBytes(password);
    }

    internal void OnStunRequest(in StunMessage request, SocketAddress source, int datagramLength)
    {
        CountReceived(datagramLength);
        Span<byte> response = stackalloc byte[StunBinding.MaxErrorResponseLength + StunBinding.MaxSuccessResponseLength];
        if (!request.HasMessageIntegrity || !request.VerifyMessageIntegrity(_localPassword))
        {
            int n = StunBinding.WriteErrorResponse(response, request.TransactionId, StunErrorCode.Unauthorized, default);
            _host.Sender.SendTo(response[..n], source);
            return;
        }

        int length = StunBinding.WriteSuccessResponse(response, request.TransactionId, source, _localPassword);
        _host.Sender.SendTo(response[..length], source);
        Volatile.Write(ref _lastConsent, Stopwatch.GetTimestamp());
        if (_host.Table.MapAddress(source, this) is { } mapped)
        {
            lock (_mappedAddresses)
            {
                _mappedAddresses.Add(mapped);
            }
        }

        // ICE-lite: the controlling browser decides. Only a nomination (USE-CANDIDATE) moves media, so checks
        // arriving from the viewer's other interfaces never make the stream flap between addresses.
        if (request.UseCandidate || _selected is null)
        {
            var address = Copy(source);
            if (request.UseCandidate && (_selected is null || !_selected.Equals(address)))
            {
                _logger.LogDebug("Peer {Id}: nominated {Address}", Id, source);
                Volatile.Write(ref _remoteAddress, Describe(address));
                if (_selected is null)
                {
                    SetupTrace.Step("ice.connectivity");
                }

                Volatile.Write(ref _selected, address);
            }

            _lastChecked = address;
        }

        Interlocked.CompareExchange(ref _state, (int)PeerState.Connecting, (int)PeerState.New);
    }

    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        CountReceived(datagram.Length);
        if (_dtlsStartedAt == 0)
        {
            _dtlsStartedAt = Stopwatch.GetTimestamp();
        }

        _dtls.Enqueue(datagram);
    }

    /// <summary>Periodic work from the host's timer: consent expiry, setup timeout, sender reports.</summary>
    internal void OnTick(long now)
    {
        var options = _host.Options;
        if (Elapsed(Volatile.Read(ref _lastConsent), now) > options.ConsentTimeout)
        {
            Close("consent expired: no STUN check from the viewer for " + options.ConsentTimeout.TotalSeconds + " s");
            return;
        }

        if (State != PeerState.Connected)
        {
            if (Elapsed(_createdAt, now) > options.ConnectTimeout)
            {
                Close($"not connected within {options.ConnectTimeout.TotalSeconds} s (state {State})");
            }

            return;
        }

        if (Elapsed(_lastSenderReport, now) >= options.SenderReportInterval)
        {
            _lastSenderReport = now;
            SendSenderReports(now);
            WebRtcMetrics.BandwidthEstimate.Record(BandwidthEstimate);
        }

        UpdateFromStreamRate(now);
    }

    /// <summary>Ends the session: stops the tracks, drops DTLS and routing; safe to call more than once.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _state, (int)PeerState.Closed) == (int)PeerState.Closed)
        {
            return;
        }

        CloseReason = reason;
        SetupTrace.Fail(reason);
        foreach (var subscription in _subscriptions)
        {
            subscription.Close();
        }

        _dtls.Dispose();
        _host.Remove(this);
        lock (_sendLock)
        {
            _srtpSend?.Dispose();
            _srtpSend = null;
            ClearPacingLocked();
        }

        _logger.LogInformation("Peer {Id} closed: {Reason}", Id, reason);
        _receiver?.OnClosed(reason);
        Closed?.Invoke(this, reason);
    }

    private void OnDtlsConnected(DtlsSrtpKeys keys)
    {
        if (!SrtpProtectionProfileExtensions.TryFromDtlsId(keys.ProfileId, out var profile))
        {
            Close($"DTLS negotiated SRTP profile 0x{keys.ProfileId:x4}, which we do not implement");
            return;
        }

        lock (_sendLock)
        {
            SetPacingRateLocked(_host.Options.InitialBandwidthEstimate);
            _srtpSend = new SrtpContext(profile, new SrtpMasterKey(keys.ServerWriteKey, keys.ServerWriteSalt));
            _srtpReceive = new SrtpContext(profile, new SrtpMasterKey(keys.ClientWriteKey, keys.ClientWriteSalt));
        }

        keys.Clear();
        long startedAt = _dtlsStartedAt;
        if (startedAt != 0)
        {
            WebRtcMetrics.DtlsHandshakeDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
        }

        SetupTrace.Step("dtls.handshake");
        if (Interlocked.CompareExchange(ref _state, (int)PeerState.Connected, (int)PeerState.Connecting) != (int)PeerState.Connecting)
        {
            return;
        }

        _logger.LogInformation("Peer {Id} connected: DTLS done, SRTP {Profile}", Id, profile);
        foreach (var subscription in _subscriptions)
        {
            subscription.Track.Subscribe(subscription);
        }

        Connected?.Invoke(this);
    }

    /// <summary>
    /// Puts the peer straight into the connected state with given SRTP keys and destination, skipping ICE and DTLS:
    /// for benchmarks and allocation tests of the forwarding path, which must measure sends, not handshakes.
    /// </summary>
    internal void ConnectWithoutHandshake(SrtpProtectionProfile profile, SrtpMasterKey sendKey, SocketAddress destination)
    {
        lock (_sendLock)
        {
            SetPacingRateLocked(_host.Options.InitialBandwidthEstimate);
            _srtpSend = new SrtpContext(profile, sendKey);
        }

        Volatile.Write(ref _selected, Copy(destination));
        Volatile.Write(ref _lastConsent, Stopwatch.GetTimestamp());
        Volatile.Write(ref _state, (int)PeerState.Connected);
        foreach (var subscription in _subscriptions)
        {
            subscription.Track.Subscribe(subscription);
        }
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        var destination = Volatile.Read(ref _selected) ?? _lastChecked;
        if (destination is not null)
        {
            _host.Sender.SendTo(datagram, destination);
        }
    }

    /// <summary>Resends one NACKed packet as RTX on the media's RTX stream; false when RTX was not negotiated.</summary>
    /// <remarks>Not paced: a retransmission is already late, and the resend budget bounds its rate.</remarks>
    private bool ResendRtp(RtpPacket source, in RtpRewrite rewrite, OutgoingMedia media)
    {
        if (media.RtxPayloadType == 0)
        {
            return false;
        }

        bool sent;
        lock (_sendLock)
        {
            sent = SendLocked(source, rewrite, media, asRtx: true, Stopwatch.GetTimestamp());
        }

        if (sent)
        {
            WebRtcMetrics.Retransmissions.Add(1);
        }

        return sent;
    }

    /// <summary>
    /// Writes this viewer's copy of <paramref name="source"/> (or its RTX copy: own SSRC and sequence, the original
    /// sequence number before the payload) into the thread's scratch buffer, encrypts and sends it, stamping the
    /// transport-wide sequence number and send time the bandwidth estimator needs. Caller holds the send lock.
    /// </summary>
    private bool SendLocked(RtpPacket source, in RtpRewrite rewrite, OutgoingMedia media, bool asRtx, long now)
    {
        var destination = Volatile.Read(ref _selected);
        if (destination is null || _srtpSend is null)
        {
            return false;
        }

        var scratch = t_sendScratch ??= new byte[RtpPacketPool.DefaultPacketCapacity + RtpHeaderWriter.MaxExtensionBlock + 64];
        uint absSendTime = RtpHeaderWriter.AbsSendTime(NtpTime.FromStopwatch(now));
        ushort transportSequence = _transportSequence++;
        int length = asRtx
            ? RtpHeaderWriter.Write(
                scratch,
                source,
                new RtpRewrite(media.RtxSsrc, media.NextRtxSequence++, rewrite.Timestamp, media.RtxPayloadType),
                media,
                transportSequence,
                absSendTime,
                rewrite.SequenceNumber)
            : RtpHeaderWriter.Write(scratch, source, rewrite, media, transportSequence, absSendTime);
        if (!_srtpSend.TryProtectRtp(scratch, length, out int protectedLength))
        {
            Stats.CryptoErrors++;
            return false;
        }

        // Inside a batch (a viewer's share of one access unit) datagrams wait to leave in one segmented send;
        // retransmissions go at once.
        var batch = t_batch;
        if (batch is { Depth: > 0 } && !asRtx)
        {
            batch.Append(_host.Sender, scratch.AsSpan(0, protectedLength), destination);
        }
        else
        {
            _host.Sender.SendTo(scratch.AsSpan(0, protectedLength), destination);
        }

        _packetsSent++;
        _bytesSent += protectedLength;
        OnMediaSent(transportSequence, protectedLength, now);
        return true;
    }

    private void CountReceived(int length)
    {
        _packetsReceived++;
        _bytesReceived += length;
    }

    private static string Describe(SocketAddress address)
    {
        EndPoint template = address.Family == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        return template.Create(address).ToString() ?? "unknown";
    }

    private static TimeSpan Elapsed(long from, long to) => TimeSpan.FromSeconds((to - from) / (double)Stopwatch.Frequency);

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span.CopyTo(copy.Buffer.Span);
        return copy;
    }

    /// <summary>The <see cref="IRtpSender"/> of one subscription: it knows which m-line the packets belong to.</summary>
    private sealed class TrackSender(WebRtcPeer peer, OutgoingMedia media) : IRtpSender
    {
        public void Send(RtpPacket source, in RtpRewrite rewrite) => peer.SendRtp(source, rewrite, media);

        public bool Resend(RtpPacket source, in RtpRewrite rewrite) => peer.ResendRtp(source, rewrite, media);

        public bool CanResend => media.RtxPayloadType != 0;

        public void BeginBatch() => peer.BeginBatch();

        public void EndBatch() => peer.EndBatch();
    }

    /// <summary>Opens a batch on this thread: media sent until the matching <see cref="EndBatch"/> is held and sent together.</summary>
    private void BeginBatch()
    {
        if (_batching)
        {
            (t_batch ??= new SegmentBatch()).Depth++;
        }
    }

    /// <summary>Closes this thread's batch; the outermost close sends what it holds.</summary>
    private void EndBatch()
    {
        if (_batching && t_batch is { } batch && --batch.Depth == 0)
        {
            batch.Flush();
        }
    }
}

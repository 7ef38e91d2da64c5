using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Egress.WebRtc.Dtls;
using Egress.WebRtc.Srtp;
using Egress.WebRtc.Stun;
using Egress.WebRtc.Whep;
using Org.BouncyCastle.Tls;
using Sfu.Core.Codecs.H264;
using Sfu.Core.Codecs.Vp8;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace LoadGen;

/// <summary>
/// One WHEP viewer, a real WebRTC receiver: WHEP POST, ICE checks (controlling, nominating), DTLS client handshake,
/// SRTP (every packet until the first keyframe, then a sample), receiver reports, NACKs, transport-cc feedback.
/// </summary>
/// <remarks>
/// The socket's receive loop is async (the runtime's epoll threads), so thousands of viewers need no thread each;
/// the handshake blocks a thread of the caller's handshake pool. Per-viewer state is under one lock shared by the
/// receive loop and the once-every-20-ms feedback tick.
/// </remarks>
internal sealed class LoadViewer : IDisposable
{
    private static readonly long RoundTrip = Stopwatch.Frequency / 50;
    private static readonly long FeedbackInterval = Stopwatch.Frequency / 20;
    private static readonly long ConsentInterval = Stopwatch.Frequency * 2;

    private readonly LoadOptions _options;
    private readonly LoadStats _stats;
    private readonly DtlsCertificate _certificate;
    private readonly Socket _socket;
    private readonly object _gate = new();
    private readonly string _localUfrag = IceCredentials.NewUfrag();
    private readonly string _localPwd = IceCredentials.NewPassword();
    private readonly byte[] _stunTransaction = new byte[12];
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly ulong _tieBreaker = (ulong)Random.Shared.NextInt64();
    private readonly byte[] _rtcp = new byte[1500];
    private readonly ushort[] _missing = new ushort[256];
    private readonly CancellationTokenSource _stop = new();
    private readonly NackGenerator _nack = new();
    private readonly TransportFeedbackRecorder _transportFeedback = new();
    private readonly H264KeyframeMarker _h264 = new();
    private ViewerAnswer? _answer;
    private SocketAddress? _server;
    private byte[] _stunUsername = [];
    private byte[] _stunKey = [];
    private QueueDatagramTransport? _dtls;
    private SrtpContext? _receive;
    private SrtpContext? _send;
    private RtpReceiveStatistics? _video;
    private RtpReceiveStatistics? _audio;
    private uint _videoSsrc;
    private volatile bool _iceDone;
    private volatile bool _connected;
    private bool _gotKeyframe;
    private long _postedAt;
    private long _nextFeedback;
    private long _nextReport;
    private long _nextConsent;
    private long _reportedLost;
    private int _sample;
    private ushort _highestVideo;
    private bool _videoStarted;
    private Uri? _session;

    public LoadViewer(LoadOptions options, LoadStats stats, DtlsCertificate certificate)
    {
        _options = options;
        _stats = stats;
        _certificate = certificate;
        _socket = new Socket(options.Bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(options.Bind, 0));
        _socket.ReceiveBufferSize = 1 << 20;
    }

    /// <summary>True once DTLS finished and media is being received.</summary>
    public bool IsConnected => _connected;

    /// <summary>
    /// Sets the viewer up: WHEP POST, ICE, and DTLS on <paramref name="handshakes"/> (a bounded pool). Throws with the
    /// reason when any step fails; the caller counts it.
    /// </summary>
    public async Task ConnectAsync(HttpClient http, SemaphoreSlim handshakes, CancellationToken cancellation)
    {
        _postedAt = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url)
        {
            Content = new StringContent(ViewerOffer.Create(_localUfrag, _localPwd, _certificate.SdpFingerprint), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        if (_options.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        using var response = await http.SendAsync(request, cancellation).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"WHEP POST answered {(int)response.StatusCode}: {body.Trim()}");
        }

        _session = response.Headers.Location is { } location ? new Uri(_options.Url, location) : null;
        _answer = ViewerAnswer.Read(body);
        _server = _answer.Candidate.Serialize();
        _stunUsername = Encoding.UTF8.GetBytes($"{_answer.IceUfrag}:{_localUfrag}");
        _stunKey = Encoding.UTF8.GetBytes(_answer.IcePwd);
        _dtls = new QueueDatagramTransport(datagram => Send(datagram));
        _ = ReceiveLoopAsync();

        // ICE: the server is ICE-lite, so this viewer is controlling and nominates the one pair there is.
        var iceDeadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (!_iceDone)
        {
            if (Stopwatch.GetTimestamp() > iceDeadline)
            {
                throw new TimeoutException("no answer to ICE connectivity checks within 5 s");
            }

            SendBindingRequest(useCandidate: true);
            await Task.Delay(50, cancellation).ConfigureAwait(false);
        }

        await handshakes.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await Task.Factory.StartNew(Handshake, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            handshakes.Release();
        }
    }

    /// <summary>Hangs up the WHEP way (DELETE), then stops receiving.</summary>
    public async Task HangUpAsync(HttpClient http)
    {
        if (_session is not null)
        {
            try
            {
                using var response = await http.DeleteAsync(_session).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The server may be gone already, or not answer DELETE at all; the socket closes regardless.
            }
        }

        Dispose();
    }

    /// <summary>Feedback on its timers (NACKs due, transport-cc every 50 ms, receiver reports each second, consent).</summary>
    public void OnTick(long now)
    {
        if (!_connected)
        {
            return;
        }

        lock (_gate)
        {
            int missing = _nack.CollectDue(now, TimeSpan.FromTicks(RoundTrip * TimeSpan.TicksPerSecond / Stopwatch.Frequency), _missing);
            if (missing > 0 && _videoSsrc != 0)
            {
                SendRtcp(RtcpWriter.WriteGenericNack(_rtcp, _ssrc, _videoSsrc, _missing.AsSpan(0, missing)));
                _stats.AddNacks(missing);
            }

            if (now >= _nextFeedback)
            {
                _nextFeedback = now + FeedbackInterval;
                if (_answer!.TransportCcExtensionId != 0)
                {
                    SendRtcp(_transportFeedback.BuildFeedback(_rtcp, _ssrc, _videoSsrc, now));
                }
            }

            if (now >= _nextReport)
            {
                _nextReport = now + Stopwatch.Frequency;
                SendReceiverReport(now);
            }
        }

        if (now >= _nextConsent)
        {
            _nextConsent = now + ConsentInterval;
            SendBindingRequest(useCandidate: false);
        }
    }

    public void Dispose()
    {
        if (_connected)
        {
            _connected = false;
            _stats.AddConnected(-1);
        }

        _stop.Cancel();
        _dtls?.Close();
        _socket.Dispose();
        _receive?.Dispose();
        _send?.Dispose();
    }

    private void Handshake()
    {
        var client = new ViewerDtlsClient(_certificate, _answer!.Fingerprint);
        try
        {
            new DtlsClientProtocol().Connect(client, _dtls!);
        }
        catch (TlsFatalAlert alert)
        {
            throw new InvalidOperationException($"DTLS handshake failed: {alert.Message}", alert);
        }

        var keys = DtlsSrtpKeys.FromKeyingMaterial(client.SelectedProfile, client.KeyingMaterial);
        if (!SrtpProtectionProfileExtensions.TryFromDtlsId(keys.ProfileId, out var profile))
        {
            throw new InvalidOperationException($"the server chose SRTP profile 0x{keys.ProfileId:x4}");
        }

        lock (_gate)
        {
            _receive = new SrtpContext(profile, new SrtpMasterKey(keys.ServerWriteKey, keys.ServerWriteSalt));
            _send = new SrtpContext(profile, new SrtpMasterKey(keys.ClientWriteKey, keys.ClientWriteSalt));
            long now = Stopwatch.GetTimestamp();
            _nextFeedback = now + FeedbackInterval;
            _nextReport = now + Stopwatch.Frequency;
            _nextConsent = now + ConsentInterval;
        }

        keys.Clear();
        _connected = true;
        _stats.AddConnected(1);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            OnDatagram(buffer.AsSpan(0, length));
        }
    }

    /// <summary>RFC 7983: STUN (0–3), DTLS (20–63), RTP/RTCP (128–191).</summary>
    private void OnDatagram(Span<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            if (StunMessage.TryParse(datagram, out var message) && message.Type == StunMessageType.BindingSuccessResponse)
            {
                _iceDone = true;
            }
        }
        else if (first is >= 20 and <= 63)
        {
            _dtls?.Enqueue(datagram);
        }
        else if (first is >= 128 and <= 191 && _connected && datagram[1] is not (>= 192 and <= 223))
        {
            OnRtp(datagram);
        }
    }

    private void OnRtp(Span<byte> packet)
    {
        if (!RtpHeaderView.TryParse(packet, out var header))
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        ushort sequence = header.SequenceNumber;
        uint timestamp = header.Timestamp;
        uint ssrc = header.Ssrc;
        byte payloadType = header.PayloadType;
        int transportId = _answer!.TransportCcExtensionId;
        bool hasTransportSequence = header.TryGetExtension(transportId, out var transport) && transport.Length >= 2;
        ushort transportSequence = hasTransportSequence ? BinaryPrimitives.ReadUInt16BigEndian(transport) : (ushort)0;
        _stats.AddPacket(packet.Length);
        lock (_gate)
        {
            if (hasTransportSequence)
            {
                _transportFeedback.OnPacket(transportSequence, now);
            }

            if (payloadType == _answer.VideoPayloadType)
            {
                OnVideo(packet, ssrc, sequence, timestamp, now);
            }
            else if (payloadType == _answer.RtxPayloadType)
            {
                OnRetransmission(packet, timestamp, now);
            }
            else
            {
                _audio ??= new RtpReceiveStatistics(ssrc, 48_000);
                _audio.OnPacket(sequence, timestamp, now);
                if (++_sample % _options.DecryptEvery == 0)
                {
                    Decrypt(packet, out _);
                }
            }
        }
    }

    private void OnVideo(Span<byte> packet, uint ssrc, ushort sequence, uint timestamp, long now)
    {
        if (_video is null || _videoSsrc != ssrc)
        {
            _video = new RtpReceiveStatistics(ssrc, 90_000);
            _videoSsrc = ssrc;
        }

        if (_videoStarted && unchecked((short)(ushort)(sequence - _highestVideo)) < 0)
        {
            _stats.AddLate();
        }
        else
        {
            _highestVideo = sequence;
            _videoStarted = true;
        }

        _video.OnPacket(sequence, timestamp, now);
        _nack.OnPacket(sequence, now);

        // Until its first keyframe the viewer reads every packet (time to first keyframe is what users wait for);
        // after it, a sample proves the stream still decrypts and authenticates.
        if (!_gotKeyframe)
        {
            if (Decrypt(packet, out var payload) && IsKeyframeStart(timestamp, payload))
            {
                _gotKeyframe = true;
                _stats.AddFirstKeyframe(Stopwatch.GetElapsedTime(_postedAt));
            }
        }
        else if (++_sample % _options.DecryptEvery == 0)
        {
            Decrypt(packet, out _);
        }
    }

    private void OnRetransmission(Span<byte> packet, uint timestamp, long now)
    {
        // The original sequence number is the first two bytes of the (encrypted) payload: always decrypted.
        if (Decrypt(packet, out var payload) && payload.Length >= 2 && _video is not null)
        {
            ushort original = BinaryPrimitives.ReadUInt16BigEndian(payload);
            _video.OnPacket(original, timestamp, now);
            _nack.OnPacket(original, now);
            _stats.AddRetransmission();
        }
    }

    private bool IsKeyframeStart(uint timestamp, ReadOnlySpan<byte> payload) =>
        _answer!.VideoCodec.Equals("VP8", StringComparison.OrdinalIgnoreCase)
            ? Vp8KeyframeDetector.StartsKeyframe(payload)
            : _h264.IsKeyframeStart(timestamp, payload);

    /// <summary>Decrypts and authenticates in place; the payload is valid until the next receive.</summary>
    private bool Decrypt(Span<byte> packet, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (_receive is null || !_receive.TryUnprotectRtp(packet, packet.Length, out int plain) || !RtpHeaderView.TryParse(packet[..plain], out var header))
        {
            _stats.AddDecryptFailure();
            return false;
        }

        payload = header.Payload;
        return true;
    }

    private void SendReceiverReport(long now)
    {
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[2];
        int count = 0;
        if (_video is not null)
        {
            blocks[count++] = _video.CreateReportBlock(now);
            long lost = Math.Max(0, _video.CumulativeLost);
            _stats.AddLost(lost - _reportedLost);
            _reportedLost = lost;
        }

        if (_audio is not null)
        {
            blocks[count++] = _audio.CreateReportBlock(now);
        }

        if (count > 0)
        {
            SendRtcp(RtcpWriter.WriteReceiverReport(_rtcp, _ssrc, blocks[..count]));
        }
    }

    /// <summary>Protects and sends the RTCP packet at the start of the scratch buffer (under the lock).</summary>
    private void SendRtcp(int length)
    {
        if (length <= 0 || _send is null || !_send.TryProtectRtcp(_rtcp, length, out int protectedLength))
        {
            return;
        }

        Send(_rtcp.AsSpan(0, protectedLength));
        _stats.AddRtcp();
    }

    private void SendBindingRequest(bool useCandidate)
    {
        Span<byte> buffer = stackalloc byte[256];
        StunMessageWriter.GenerateTransactionId(_stunTransaction);
        uint priority = (110u << 24) | (65535u << 8) | 255u;
        int length = StunBinding.WriteRequest(buffer, _stunTransaction, _stunUsername, _stunKey, priority, controlling: true, _tieBreaker, useCandidate);
        Send(buffer[..length]);
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _server!);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A full send buffer or a closed viewer: the datagram is lost, as on a real network.
        }
    }
}

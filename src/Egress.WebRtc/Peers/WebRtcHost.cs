using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Egress.WebRtc.Dtls;
using Egress.WebRtc.Pacing;
using Egress.WebRtc.Stun;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Logging;
using Sfu.Core.Stats;

namespace Egress.WebRtc.Peers;

/// <summary>
/// Owns the shared UDP port and every peer on it: demultiplexes datagrams (RFC 7983), routes them to peers,
/// and runs one timer for all peers (consent, timeouts, sender reports) instead of a timer per viewer.
/// </summary>
public sealed class WebRtcHost : IDatagramHandler, IAsyncDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly UdpEndpoint _endpoint;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _timerLoop;
    private long _unroutable;
    private readonly object _trafficGate = new();
    private long _closedPacketsSent;
    private long _closedBytesSent;
    private long _closedPacketsReceived;
    private long _closedBytesReceived;
    private int _disposed;

    /// <summary>Binds the port and starts receiving.</summary>
    public WebRtcHost(WebRtcOptions options, ILoggerFactory loggerFactory, DtlsCertificate? certificate = null)
    {
        Options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<WebRtcHost>();
        Certificate = certificate ?? DtlsCertificate.Shared;
        _endpoint = new UdpEndpoint(new IPEndPoint(IPAddress.Parse(options.ListenAddress), options.Port), _logger);
        AnnouncedAddresses = ResolveAnnouncedAddresses(options, _endpoint.LocalEndPoint.Address);
        Pacer = new Pacer(_logger);
        _endpoint.Start(this);
        _timerLoop = Task.Run(TimerLoopAsync);
        _logger.LogInformation(
            "WebRTC media on udp/{Port} (ICE-lite), announcing {Addresses}, DTLS fingerprint {Fingerprint}",
            Port,
            string.Join(", ", AnnouncedAddresses),
            Certificate.SdpFingerprint);
    }

    /// <summary>Settings in force.</summary>
    public WebRtcOptions Options { get; }

    /// <summary>The process' DTLS certificate.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The bound UDP port.</summary>
    public int Port => _endpoint.LocalEndPoint.Port;

    /// <summary>The port clients are told to send to (ICE candidates): <see cref="WebRtcOptions.AnnouncedPort"/> or the bound one.</summary>
    public int AnnouncedPort => Options.AnnouncedPort > 0 ? Options.AnnouncedPort : Port;

    /// <summary>Addresses put in ICE candidates.</summary>
    public IReadOnlyList<IPAddress> AnnouncedAddresses { get; }

    /// <summary>Connected viewers that get audio only because their bandwidth estimate cannot carry the video.</summary>
    public int AudioOnlyPeers => Table.Peers.Distinct().Count(p => p.IsAudioOnly);

    /// <summary>Peers on the port now.</summary>
    public int PeerCount => Table.Count;

    /// <summary>Datagrams from addresses no peer has proven with a STUN check.</summary>
    public long UnroutableDatagrams => Interlocked.Read(ref _unroutable);

    internal IDatagramSender Sender => _endpoint;

    /// <summary>The thread that sends viewers' paced backlogs.</summary>
    internal Pacer Pacer { get; }

    internal PeerTable Table { get; } = new();

    /// <summary>Creates a peer with fresh ICE credentials; it routes at once and starts its clocks with <see cref="WebRtcPeer.Start"/>.</summary>
    public WebRtcPeer CreatePeer(string id, string ufrag, string password, IReadOnlyList<DtlsFingerprint> remoteFingerprints, SetupTrace? trace = null)
    {
        var peer = new WebRtcPeer(this, id, ufrag, password, remoteFingerprints, _loggerFactory.CreateLogger<WebRtcPeer>(), trace);
        if (!Table.TryAdd(ufrag, peer))
        {
            throw new InvalidOperationException("ICE ufrag collision");
        }

        return peer;
    }

    /// <summary>Moves a peer to new ICE credentials (ICE restart).</summary>
    public void RestartIce(WebRtcPeer peer, string ufrag, string password)
    {
        string old = peer.LocalUfrag;
        if (!Table.TryAdd(ufrag, peer))
        {
            throw new InvalidOperationException("ICE ufrag collision");
        }

        peer.RestartIce(ufrag, password);
        Table.RemoveUfrag(old);
    }

    /// <inheritdoc/>
    public void OnDatagram(Span<byte> datagram, SocketAddress source)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                OnStun(datagram, source);
                break;
            case DatagramKind.Dtls:
                if (Table.TryGetByAddress(source, out var dtlsPeer))
                {
                    dtlsPeer!.OnDtls(datagram);
                }
                else
                {
                    Interlocked.Increment(ref _unroutable);
                }

                break;
            case DatagramKind.Rtcp:
                if (Table.TryGetByAddress(source, out var rtcpPeer))
                {
                    rtcpPeer!.OnRtcp(datagram);
                }
                else
                {
                    Interlocked.Increment(ref _unroutable);
                }

                break;
            case DatagramKind.Rtp:
                // Publishers' media (WHIP); a viewer's peer has no receiver and drops it.
                if (Table.TryGetByAddress(source, out var rtpPeer))
                {
                    rtpPeer!.OnRtp(datagram);
                }
                else
                {
                    Interlocked.Increment(ref _unroutable);
                }

                break;
            default:
                Interlocked.Increment(ref _unroutable);
                break;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _timerLoop.ConfigureAwait(false);
        foreach (var peer in Table.Peers)
        {
            peer.Close("server shutting down");
        }

        Pacer.Dispose();
        await _endpoint.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Packets and bytes sent and received by every peer so far, closed ones included.</summary>
    public PeerTraffic Traffic
    {
        get
        {
            // Under the lock a closing peer takes, so it is counted once: either live or among the closed.
            lock (_trafficGate)
            {
                return SumTraffic();
            }
        }
    }

    private PeerTraffic SumTraffic()
    {
        var total = new PeerTraffic(
            Interlocked.Read(ref _closedPacketsSent),
            Interlocked.Read(ref _closedBytesSent),
            Interlocked.Read(ref _closedPacketsReceived),
            Interlocked.Read(ref _closedBytesReceived));

        // Distinct: during an ICE restart a peer is briefly under both its old and its new ufrag.
        foreach (var peer in Table.Peers.Distinct())
        {
            total = total with
            {
                PacketsSent = total.PacketsSent + peer.PacketsSent,
                BytesSent = total.BytesSent + peer.BytesSent,
                PacketsReceived = total.PacketsReceived + peer.PacketsReceived,
                BytesReceived = total.BytesReceived + peer.BytesReceived,
            };
        }

        return total;
    }

    internal void Remove(WebRtcPeer peer)
    {
        lock (_trafficGate)
        {
            Table.RemoveUfrag(peer.LocalUfrag);
            Interlocked.Add(ref _closedPacketsSent, peer.PacketsSent);
            Interlocked.Add(ref _closedBytesSent, peer.BytesSent);
            Interlocked.Add(ref _closedPacketsReceived, peer.PacketsReceived);
            Interlocked.Add(ref _closedBytesReceived, peer.BytesReceived);
        }

        Table.RemoveAddresses(peer, peer.MappedAddresses);
    }

    private void OnStun(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (!StunMessage.TryParse(datagram, out var message) || message.Type != StunMessageType.BindingRequest)
        {
            return;
        }

        if (!message.TryGetLocalUfrag(out var ufrag) || !Table.TryGetByUfrag(ufrag, out var peer))
        {
            // A check for a session we do not know (expired or never created): say so, without integrity.
            Span<byte> response = stackalloc byte[StunBinding.MaxErrorResponseLength];
            int n = StunBinding.WriteErrorResponse(response, message.TransactionId, StunErrorCode.Unauthorized, default);
            _endpoint.SendTo(response[..n], source);
            return;
        }

        peer!.OnStunRequest(message, source, datagram.Length);
    }

    private async Task TimerLoopAsync()
    {
        using var timer = new PeriodicTimer(TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                foreach (var peer in Table.Peers)
                {
                    try
                    {
                        peer.OnTick(now);
                    }
                    catch (Exception ex)
                    {
                        _logger.LogError(ex, "Peer {Id}: tick failed", peer.Id);
                        peer.Close("internal error: " + ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static List<IPAddress> ResolveAnnouncedAddresses(WebRtcOptions options, IPAddress bound)
    {
        if (options.AnnouncedAddresses.Count > 0)
        {
            return [.. options.AnnouncedAddresses.Select(IPAddress.Parse)];
        }

        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            return [bound];
        }

        return
        [
            .. NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
                .OrderBy(a => IPAddress.IsLoopback(a) ? 1 : 0),
        ];
    }
}

using System.Diagnostics;
using System.Globalization;
using Egress.WebRtc.Dtls;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Sdp;
using Egress.WebRtc.Whep;
using Microsoft.Extensions.Logging;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Sessions;
using Sfu.Core.Stats;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Whip;

/// <summary>WHIP sessions (RFC 9725): answers a publisher's offer, starts its stream and runs the peer that receives it.</summary>
public sealed class WhipService
{
    private readonly StreamRegistry _registry;
    private readonly WebRtcHost _host;
    private readonly ILogger<WhipService> _logger;
    private readonly SessionRegistry? _sessionRegistry;
    private readonly PeerSessionTable _sessions;
    private readonly RtpPacketPool _pool = new();

    /// <summary>Creates the service over the node's streams and WebRTC port.</summary>
    public WhipService(StreamRegistry registry, WebRtcHost host, ILogger<WhipService> logger, SessionRegistry? sessions = null)
    {
        _registry = registry;
        _host = host;
        _logger = logger;
        _sessionRegistry = sessions;
        _sessions = new PeerSessionTable(host);
    }

    /// <summary>Publishing sessions open now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The publishers' peers.</summary>
    public IEnumerable<WebRtcPeer> Peers => _sessions.Peers;

    /// <summary>
    /// Answers <paramref name="offerSdp"/> and starts <paramref name="streamName"/> with this publisher; throws
    /// <see cref="SessionRequestException"/> (400 malformed, 406 nothing we can receive, 409 already live).
    /// </summary>
    public WhipSessionInfo Create(string streamName, string offerSdp, string remoteAddress, string? keyId = null)
    {
        string id = IceCredentials.NewSessionId();
        string ufrag = IceCredentials.NewUfrag();
        string password = IceCredentials.NewPassword();
        WhipAnswer answer;
        try
        {
            answer = WhipAnswerBuilder.Build(offerSdp, new WhipAnswerOptions
            {
                IceUfrag = ufrag,
                IcePwd = password,
                Fingerprint = SdpFingerprint.Parse(_host.Certificate.SdpFingerprint),
                Candidates = _sessions.HostCandidates(),

                // Viewers are offered what the stream has, so the codec most viewers (and RTMP-era players) decode
                // comes first; VP8 for publishers that only send it.
                PreferredVideoCodecs = ["H264", "VP8"],
            });
        }
        catch (SdpParseException ex)
        {
            throw new SessionRequestException(400, $"Malformed SDP offer: {ex.Message}");
        }
        catch (SdpNegotiationException ex)
        {
            throw new SessionRequestException(ex.StatusCode, $"Offer cannot be received: {ex.Message}");
        }

        var fingerprints = PeerSessionTable.UsableFingerprints(answer.RemoteFingerprints);

        if (!_registry.TryStart(streamName, new PublisherEndpoint("whip", remoteAddress), out var stream))
        {
            string holder = _registry.TryGet(streamName, out var live) ? $" (published over {live.Publisher.Protocol} from {live.Publisher.Address})" : string.Empty;
            throw new SessionRequestException(409, $"Stream '{streamName}' is already live{holder}.");
        }

        var tracks = new List<WhipIncomingTrack>();
        foreach (var media in answer.Media)
        {
            tracks.Add(CreateIncomingTrack(stream, media));
        }

        var trace = new SetupTrace("whip.session.setup", Activity.Current?.Context ?? default);
        trace.Tag("sfu.stream", streamName);
        trace.Tag("sfu.session.id", id);
        var peer = _host.CreatePeer(id, ufrag, password, fingerprints, trace);
        int transportCcId = answer.Media.Select(m => m.TransportWideCcExtensionId ?? 0).FirstOrDefault(i => i > 0);
        var publisher = new WhipPublisher(peer, stream, tracks, transportCcId, _pool, _logger);
        peer.ReceiveMediaWith(publisher);
        string etag = _sessions.Add(peer, answer.RemoteIceUfrag, ufrag);
        var operatorView = new WhipSession(peer, streamName, keyId);

        // The stream lives as long as the publisher: its peer closing (DELETE, consent lost, kick) ends the stream,
        // and the stream ending (StopStream, key revoked) closes the peer.
        Action<LiveStream> onStreamEnded = _ => peer.Close("stream ended");
        stream.Ended += onStreamEnded;
        peer.Closed += (closed, reason) =>
        {
            _sessions.Remove(closed.Id);
            stream.Ended -= onStreamEnded;
            _sessionRegistry?.Remove(operatorView, reason);
            _registry.End(stream);
            _logger.LogInformation("WHIP publisher of '{Stream}' left: {Reason}", streamName, reason);
        };
        _sessionRegistry?.Add(operatorView);
        peer.Start();
        _logger.LogInformation(
            "WHIP session {Id} publishes '{Stream}' from {Address}: {Media}",
            id,
            streamName,
            remoteAddress,
            string.Join(", ", answer.Media.Select(m => $"{m.CodecName}/{m.ClockRate} pt {m.PayloadType}{(m.RtxPayloadType is { } rtx ? $" rtx {rtx}" : string.Empty)}{(m.Rids.Count > 0 ? $" simulcast {string.Join('/', m.Rids)}" : string.Empty)}")));
        return new WhipSessionInfo(id, answer.Sdp, etag);
    }

    /// <summary>
    /// The stream's tracks for one accepted line: one track, or one per simulcast rid (<c>video-h</c>, <c>video-m</c>…),
    /// which viewers are switched between.
    /// </summary>
    private static WhipIncomingTrack CreateIncomingTrack(LiveStream stream, WhipReceivedMedia media)
    {
        var codec = media.Kind != SdpMediaKind.Video ? MediaCodec.Opus()
            : media.CodecName.Equals("VP8", StringComparison.OrdinalIgnoreCase) ? MediaCodec.Vp8()
            : MediaCodec.H264(media.FormatParameters.TryGetValue("profile-level-id", out var level) ? level : "42e01f");
        var kind = media.Kind == SdpMediaKind.Video ? MediaKind.Video : MediaKind.Audio;
        string id = kind == MediaKind.Video ? "video" : "audio-opus";
        var layers = new List<WhipIncomingLayer>();
        if (media.Rids.Count > 0 && media.RidExtensionId is not null)
        {
            foreach (string rid in media.Rids)
            {
                var track = new MediaTrack($"{id}-{rid}", kind, codec, 0) { Rid = rid };
                stream.AddTrack(track);
                layers.Add(new WhipIncomingLayer(track, rid, media.Feedback));
            }
        }
        else
        {
            var track = new MediaTrack(id, kind, codec, media.Ssrcs.FirstOrDefault());
            stream.AddTrack(track);
            layers.Add(new WhipIncomingLayer(track, null, media.Feedback));
        }

        return new WhipIncomingTrack((byte)media.PayloadType, (byte?)media.RtxPayloadType, layers)
        {
            RidExtensionId = media.RidExtensionId ?? 0,
            RepairedRidExtensionId = media.RepairedRidExtensionId ?? 0,
        };
    }

    /// <summary>Ends a publish (HTTP DELETE); false when unknown.</summary>
    public bool Delete(string sessionId)
    {
        if (_sessions.Take(sessionId) is not { } peer)
        {
            return false;
        }

        peer.Close("publisher hung up (DELETE)");
        return true;
    }

    /// <summary>Applies a trickle-ICE or ICE-restart fragment (HTTP PATCH, RFC 9725 §4.3).</summary>
    public SessionPatchResult Patch(string sessionId, string? ifMatch, string fragment) => _sessions.Patch(sessionId, ifMatch, fragment);
}

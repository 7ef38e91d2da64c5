using System.Diagnostics;
using Egress.WebRtc.Dtls;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Sdp;
using Microsoft.Extensions.Logging;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Sessions;
using Sfu.Core.Stats;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Whep;

/// <summary>WHEP sessions: answers a viewer's offer for a live stream and runs the peer that plays it.</summary>
public sealed class WhepService
{
    private readonly StreamRegistry _registry;
    private readonly WebRtcHost _host;
    private readonly ILogger<WhepService> _logger;
    private readonly SessionRegistry? _sessionRegistry;
    private readonly PeerSessionTable _sessions;

    /// <summary>Creates the service over the node's streams and WebRTC port.</summary>
    public WhepService(StreamRegistry registry, WebRtcHost host, ILogger<WhepService> logger, SessionRegistry? sessions = null)
    {
        _sessionRegistry = sessions;
        _registry = registry;
        _host = host;
        _logger = logger;
        _sessions = new PeerSessionTable(host);
    }

    /// <summary>Sessions open now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The peers of the open sessions.</summary>
    public IEnumerable<WebRtcPeer> Peers => _sessions.Peers;

    /// <summary>Answers <paramref name="offerSdp"/> for <paramref name="streamName"/>; throws <see cref="SessionRequestException"/> when it cannot.</summary>
    public WhepSessionInfo Create(string streamName, string offerSdp, PlayoutDelay? playoutDelay = null)
    {
        if (!_registry.TryGet(streamName, out var stream))
        {
            throw new SessionRequestException(404, $"Stream '{streamName}' is not live.");
        }

        var video = stream.FindTrack(MediaKind.Video);
        if (video is null || !(video.Codec.Is("H264") || video.Codec.Is("VP8")))
        {
            throw new SessionRequestException(404, $"Stream '{streamName}' has no video yet.");
        }

        string id = IceCredentials.NewSessionId();
        string ufrag = IceCredentials.NewUfrag();
        string password = IceCredentials.NewPassword();
        uint videoSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        var sources = new List<WhepSourceTrack>
        {
            (video.Codec.Is("VP8")
                ? WhepSourceTrack.Vp8(videoSsrc, id, streamName, video.Id)
                : WhepSourceTrack.H264(video.Codec.Parameters["profile-level-id"], videoSsrc, id, streamName, video.Id)) with
            {
                RtxSsrc = _host.Options.Retransmissions ? (uint)Random.Shared.NextInt64(1, uint.MaxValue) : null,
            },
        };
        var opus = stream.Tracks.FirstOrDefault(t => t.Kind == MediaKind.Audio && t.Codec.Is("opus"));
        if (opus is not null)
        {
            sources.Add(WhepSourceTrack.Opus((uint)Random.Shared.NextInt64(1, uint.MaxValue), id, streamName, opus.Id));
        }

        WhepAnswer answer;
        try
        {
            answer = WhepAnswerBuilder.Build(offerSdp, new WhepAnswerOptions
            {
                IceUfrag = ufrag,
                IcePwd = password,
                Fingerprint = SdpFingerprint.Parse(_host.Certificate.SdpFingerprint),
                Candidates = _sessions.HostCandidates(),
                Tracks = sources,
                Nack = _host.Options.Retransmissions,
                PlayoutDelay = playoutDelay,
            });
        }
        catch (SdpParseException ex)
        {
            throw new SessionRequestException(400, $"Malformed SDP offer: {ex.Message}");
        }
        catch (SdpNegotiationException ex)
        {
            throw new SessionRequestException(406, $"Offer cannot be served: {ex.Message}");
        }

        var fingerprints = PeerSessionTable.UsableFingerprints(answer.RemoteFingerprints);

        var trace = new SetupTrace("whep.session.setup", Activity.Current?.Context ?? default);
        trace.Tag("sfu.stream", streamName);
        trace.Tag("sfu.session.id", id);
        var peer = _host.CreatePeer(id, ufrag, password, fingerprints, trace);
        var layers = stream.LayersOf(video);
        if (layers.Count > 1)
        {
            video = peer.UseVideoLayers(layers);
        }

        foreach (var media in answer.Media.Where(m => m.Track is not null && m.PayloadType is not null))
        {
            var track = media.Track!.Kind == SdpMediaKind.Video ? video : opus!;
            var outgoing = new OutgoingMedia(
                media.Mid ?? media.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (byte)media.PayloadType!.Value,
                media.MidExtensionId ?? 0,
                media.TransportWideCcExtensionId ?? 0,
                media.AbsSendTimeExtensionId ?? 0)
            {
                RtxPayloadType = (byte)(media.RtxPayloadType ?? 0),
                RtxSsrc = media.Track.RtxSsrc ?? 0,
                Paced = track.Kind == Sfu.Core.Media.MediaKind.Video,
            };
            if (playoutDelay is { } delay && media.PlayoutDelayExtensionId is { } playoutId)
            {
                outgoing = outgoing.WithPlayoutDelay(playoutId, delay);
            }

            peer.AddTrack(outgoing, sender => new RtpSubscription(track, media.Track.Ssrc, outgoing.PayloadType, sender)
            {
                ResendBudgetBytesPerSecond = _host.Options.RetransmissionBudgetBytesPerSecond,
            });
        }

        string etag = _sessions.Add(peer, answer.RemoteIceUfrag, ufrag);
        var operatorView = new WhepSession(peer, streamName);
        Action<LiveStream> onStreamEnded = _ => peer.Close("stream ended");
        stream.Ended += onStreamEnded;
        peer.Closed += (closed, reason) =>
        {
            _sessions.Remove(closed.Id);
            stream.Ended -= onStreamEnded;
            _sessionRegistry?.Remove(operatorView, reason);
        };
        _sessionRegistry?.Add(operatorView);
        if (stream.IsEnded)
        {
            peer.Close("stream ended");
        }

        // Closed before it was registered (its stream ended in between): the Closed handler found nothing to remove.
        if (peer.State == PeerState.Closed)
        {
            _sessionRegistry?.Remove(operatorView, peer.CloseReason ?? "closed");
        }

        peer.Start();
        _logger.LogInformation("WHEP session {Id} for stream '{Stream}' created", id, streamName);
        return new WhepSessionInfo(id, answer.Sdp, etag);
    }

    /// <summary>Ends a session (HTTP DELETE); false when unknown.</summary>
    public bool Delete(string sessionId)
    {
        if (_sessions.Take(sessionId) is not { } peer)
        {
            return false;
        }

        peer.Close("viewer hung up (DELETE)");
        return true;
    }

    /// <summary>Applies a trickle-ICE or ICE-restart fragment (HTTP PATCH, RFC 9725 §4.3).</summary>
    public SessionPatchResult Patch(string sessionId, string? ifMatch, string fragment)
    {
        var result = _sessions.Patch(sessionId, ifMatch, fragment);
        if (result.ResponseFragment is not null)
        {
            _logger.LogInformation("WHEP session {Id}: ICE restart", sessionId);
        }

        return result;
    }
}

using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Creates the service over the node's streams and WebRTC port.</summary>
    public WhepService(StreamRegistry registry, WebRtcHost host, ILogger<WhepService> logger, SessionRegistry? sessions = null)
    {
        _sessionRegistry = sessions;
        _registry = registry;
        _host = host;
        _logger = logger;
    }

    /// <summary>Sessions open now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>The peers of the open sessions.</summary>
    public IEnumerable<WebRtcPeer> Peers => _sessions.Values.Select(s => s.Peer);

    /// <summary>Answers <paramref name="offerSdp"/> for <paramref name="streamName"/>; throws <see cref="WhepException"/> when it cannot.</summary>
    public WhepSessionInfo Create(string streamName, string offerSdp, PlayoutDelay? playoutDelay = null)
    {
        if (!_registry.TryGet(streamName, out var stream))
        {
            throw new WhepException(404, $"Stream '{streamName}' is not live.");
        }

        var video = stream.FindTrack(MediaKind.Video);
        if (video is null || !video.Codec.Is("H264"))
        {
            throw new WhepException(404, $"Stream '{streamName}' has no video yet.");
        }

        string id = IceCredentials.NewSessionId();
        string ufrag = IceCredentials.NewUfrag();
        string password = IceCredentials.NewPassword();
        uint videoSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        var sources = new List<WhepSourceTrack>
        {
            WhepSourceTrack.H264(video.Codec.Parameters["profile-level-id"], videoSsrc, id, streamName, video.Id) with
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
                Candidates = [.. _host.AnnouncedAddresses.Select((address, i) => SdpCandidate.CreateHost((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), address, _host.AnnouncedPort))],
                Tracks = sources,
                Nack = _host.Options.Retransmissions,
                PlayoutDelay = playoutDelay,
            });
        }
        catch (SdpParseException ex)
        {
            throw new WhepException(400, $"Malformed SDP offer: {ex.Message}");
        }
        catch (SdpNegotiationException ex)
        {
            throw new WhepException(406, $"Offer cannot be served: {ex.Message}");
        }

        var fingerprints = answer.RemoteFingerprints
            .Where(f => DtlsFingerprint.IsSupportedHashFunction(f.HashFunction))
            .Select(f => DtlsFingerprint.Parse(f.ToString()))
            .ToList();
        if (fingerprints.Count == 0)
        {
            throw new WhepException(400, "The offer's a=fingerprint uses no hash function we support (sha-256, sha-384, sha-512, sha-1).");
        }

        var trace = new SetupTrace("whep.session.setup", Activity.Current?.Context ?? default);
        trace.Tag("sfu.stream", streamName);
        trace.Tag("sfu.session.id", id);
        var peer = _host.CreatePeer(id, ufrag, password, fingerprints, trace);
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

        var session = new Session(peer, answer.RemoteIceUfrag, ufrag);
        _sessions[id] = session;
        var operatorView = new WhepSession(peer, streamName);
        Action<LiveStream> onStreamEnded = _ => peer.Close("stream ended");
        stream.Ended += onStreamEnded;
        peer.Closed += (closed, reason) =>
        {
            _sessions.TryRemove(closed.Id, out Session? _);
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
        return new WhepSessionInfo(id, answer.Sdp, session.ETag);
    }

    /// <summary>Ends a session (HTTP DELETE); false when unknown.</summary>
    public bool Delete(string sessionId)
    {
        if (!_sessions.TryRemove(sessionId, out var session))
        {
            return false;
        }

        session.Peer.Close("viewer hung up (DELETE)");
        return true;
    }

    /// <summary>Applies a trickle-ICE or ICE-restart fragment (HTTP PATCH, RFC 9725 §4.3).</summary>
    public WhepPatchResult Patch(string sessionId, string? ifMatch, string fragment)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            throw new WhepException(404, "No such session.");
        }

        if (string.IsNullOrEmpty(ifMatch))
        {
            throw new WhepException(428, "PATCH needs an If-Match header with the session's entity tag (or \"*\" for an ICE restart).");
        }

        var (remoteUfrag, remotePassword) = ReadIceCredentials(fragment);
        bool restart = remoteUfrag is not null && remoteUfrag != session.RemoteUfrag;
        if (!restart)
        {
            if (ifMatch != session.ETag && ifMatch != "*")
            {
                throw new WhepException(412, "If-Match does not match the session's entity tag.");
            }

            // ICE-lite learns the viewer's addresses from its checks, so trickled candidates need no action.
            return new WhepPatchResult(session.ETag, null);
        }

        if (remotePassword is null)
        {
            throw new WhepException(400, "ICE restart fragment has a=ice-ufrag but no a=ice-pwd.");
        }

        string ufrag = IceCredentials.NewUfrag();
        string password = IceCredentials.NewPassword();
        _host.RestartIce(session.Peer, ufrag, password);
        session.RemoteUfrag = remoteUfrag!;
        session.LocalUfrag = ufrag;
        string candidates = string.Concat(_host.AnnouncedAddresses.Select((address, i) =>
            $"a={SdpCandidate.CreateHost((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), address, _host.AnnouncedPort).ToAttribute().Value}\r\n"));
        string response = $"a=ice-lite\r\na=ice-ufrag:{ufrag}\r\na=ice-pwd:{password}\r\n{candidates}a=end-of-candidates\r\n";
        _logger.LogInformation("WHEP session {Id}: ICE restart", sessionId);
        return new WhepPatchResult(session.ETag, response);
    }

    private static (string? Ufrag, string? Password) ReadIceCredentials(string fragment)
    {
        string? ufrag = null;
        string? password = null;
        foreach (string raw in fragment.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                password = line["a=ice-pwd:".Length..];
            }
        }

        return (ufrag, password);
    }

    private sealed class Session(WebRtcPeer peer, string remoteUfrag, string localUfrag)
    {
        public WebRtcPeer Peer { get; } = peer;

        public string RemoteUfrag { get; set; } = remoteUfrag;

        public string LocalUfrag { get; set; } = localUfrag;

        public string ETag => $"\"{LocalUfrag}\"";
    }
}

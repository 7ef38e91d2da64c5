using System.Collections.Concurrent;
using System.Globalization;
using Egress.WebRtc.Dtls;
using Egress.WebRtc.Peers;
using Egress.WebRtc.Sdp;

namespace Egress.WebRtc.Whep;

/// <summary>
/// The HTTP sessions of one endpoint kind (WHIP or WHEP): peers by session id, with what RFC 9725's PATCH needs
/// (the remote and local ICE credentials, the entity tag) and its trickle and ICE-restart handling.
/// </summary>
internal sealed class PeerSessionTable(WebRtcHost host)
{
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);

    /// <summary>Sessions open now.</summary>
    public int Count => _sessions.Count;

    /// <summary>The peers of the open sessions.</summary>
    public IEnumerable<WebRtcPeer> Peers => _sessions.Values.Select(s => s.Peer);

    /// <summary>Our host candidates: one per announced address, on the shared port (as clients must reach it).</summary>
    public IReadOnlyList<SdpCandidate> HostCandidates() =>
        [.. host.AnnouncedAddresses.Select((address, i) => SdpCandidate.CreateHost((i + 1).ToString(CultureInfo.InvariantCulture), address, host.AnnouncedPort))];

    /// <summary>The offer's DTLS fingerprints we can check the client's certificate against; 400 when there is none.</summary>
    public static List<DtlsFingerprint> UsableFingerprints(IEnumerable<SdpFingerprint> offered)
    {
        var usable = offered
            .Where(f => DtlsFingerprint.IsSupportedHashFunction(f.HashFunction))
            .Select(f => DtlsFingerprint.Parse(f.ToString()))
            .ToList();
        return usable.Count > 0
            ? usable
            : throw new SessionRequestException(400, "The offer's a=fingerprint uses no hash function we support (sha-256, sha-384, sha-512, sha-1).");
    }

    /// <summary>Adds a session; returns its entity tag.</summary>
    public string Add(WebRtcPeer peer, string remoteUfrag, string localUfrag)
    {
        var entry = new Entry(peer, remoteUfrag, localUfrag);
        _sessions[peer.Id] = entry;
        return entry.ETag;
    }

    /// <summary>Forgets a session (its peer closed).</summary>
    public void Remove(string sessionId) => _sessions.TryRemove(sessionId, out _);

    /// <summary>Removes and returns a session's peer (HTTP DELETE); null when unknown.</summary>
    public WebRtcPeer? Take(string sessionId) => _sessions.TryRemove(sessionId, out var entry) ? entry.Peer : null;

    /// <summary>Applies a trickle-ICE or ICE-restart fragment (HTTP PATCH, RFC 9725 §4.3).</summary>
    public SessionPatchResult Patch(string sessionId, string? ifMatch, string fragment)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            throw new SessionRequestException(404, "No such session.");
        }

        if (string.IsNullOrEmpty(ifMatch))
        {
            throw new SessionRequestException(428, "PATCH needs an If-Match header with the session's entity tag (or \"*\" for an ICE restart).");
        }

        var (remoteUfrag, remotePassword) = ReadIceCredentials(fragment);
        bool restart = remoteUfrag is not null && remoteUfrag != session.RemoteUfrag;
        if (!restart)
        {
            if (ifMatch != session.ETag && ifMatch != "*")
            {
                throw new SessionRequestException(412, "If-Match does not match the session's entity tag.");
            }

            // ICE-lite learns the remote addresses from its checks, so trickled candidates need no action.
            return new SessionPatchResult(session.ETag, null);
        }

        if (remotePassword is null)
        {
            throw new SessionRequestException(400, "ICE restart fragment has a=ice-ufrag but no a=ice-pwd.");
        }

        string ufrag = IceCredentials.NewUfrag();
        string password = IceCredentials.NewPassword();
        host.RestartIce(session.Peer, ufrag, password);
        session.RemoteUfrag = remoteUfrag!;
        session.LocalUfrag = ufrag;
        string candidates = string.Concat(HostCandidates().Select(candidate => $"a={candidate.ToAttribute().Value}\r\n"));
        string response = $"a=ice-lite\r\na=ice-ufrag:{ufrag}\r\na=ice-pwd:{password}\r\n{candidates}a=end-of-candidates\r\n";
        return new SessionPatchResult(session.ETag, response);
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

    private sealed class Entry(WebRtcPeer peer, string remoteUfrag, string localUfrag)
    {
        public WebRtcPeer Peer { get; } = peer;

        public string RemoteUfrag { get; set; } = remoteUfrag;

        public string LocalUfrag { get; set; } = localUfrag;

        public string ETag => $"\"{LocalUfrag}\"";
    }
}

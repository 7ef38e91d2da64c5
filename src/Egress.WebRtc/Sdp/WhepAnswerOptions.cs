namespace Egress.WebRtc.Sdp;

/// <summary>Our side of a WHEP negotiation: ICE credentials, DTLS fingerprint, candidates and the tracks we can send.</summary>
public sealed record WhepAnswerOptions
{
    /// <summary>Gets our ICE ufrag (4..256 ice-chars); remote STUN requests carry it before the ':'.</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Gets our ICE password (22..256 ice-chars); the STUN MESSAGE-INTEGRITY key.</summary>
    public required string IcePwd { get; init; }

    /// <summary>Gets the SHA-256 fingerprint of our DTLS certificate.</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>Gets our candidates; the first also provides the m=/c= default address.</summary>
    public required IReadOnlyList<SdpCandidate> Candidates { get; init; }

    /// <summary>Gets the tracks we can send, assigned to offered m-lines in order of kind.</summary>
    public required IReadOnlyList<WhepSourceTrack> Tracks { get; init; }

    /// <summary>Gets a value indicating whether we are an ICE-lite agent (a=ice-lite).</summary>
    public bool IceLite { get; init; } = true;

    /// <summary>Gets a value indicating whether generic NACK is answered (we resend from history); off, viewers fall back to PLI.</summary>
    public bool Nack { get; init; } = true;

    /// <summary>Gets the playout delay to ask of the viewer on video, or null to leave it to its player.</summary>
    public Sfu.Core.Media.PlayoutDelay? PlayoutDelay { get; init; }

    /// <summary>Gets the o= session id; a random one is drawn when null.</summary>
    public ulong? SessionId { get; init; }
}

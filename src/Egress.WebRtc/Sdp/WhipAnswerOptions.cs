namespace Egress.WebRtc.Sdp;

/// <summary>Our side of a WHIP negotiation: ICE credentials, DTLS fingerprint, candidates and which video codecs we take, best first.</summary>
public sealed record WhipAnswerOptions
{
    /// <summary>Gets our ICE ufrag (4..256 ice-chars); remote STUN requests carry it before the ':'.</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Gets our ICE password (22..256 ice-chars); the STUN MESSAGE-INTEGRITY key.</summary>
    public required string IcePwd { get; init; }

    /// <summary>Gets the SHA-256 fingerprint of our DTLS certificate.</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>Gets our candidates; the first also provides the m=/c= default address.</summary>
    public required IReadOnlyList<SdpCandidate> Candidates { get; init; }

    /// <summary>Gets the video codecs we ingest, most preferred first; only "H264" (packetization-mode 1) and "VP8" are understood.</summary>
    public IReadOnlyList<string> PreferredVideoCodecs { get; init; } = ["H264", "VP8"];

    /// <summary>Gets the o= session id; a random one is drawn when null.</summary>
    public ulong? SessionId { get; init; }
}

namespace Egress.WebRtc.Sdp;

/// <summary>The answer to a WHIP offer plus everything the ingest transport needs from the negotiation.</summary>
public sealed record WhipAnswer
{
    /// <summary>Gets the answer SDP text (CRLF), the body of the 201 response.</summary>
    public required string Sdp { get; init; }

    /// <summary>Gets the answer as a model.</summary>
    public required SdpSessionDescription Description { get; init; }

    /// <summary>Gets the accepted m-lines (at most one audio and one video), in offer order.</summary>
    public required IReadOnlyList<WhipReceivedMedia> Media { get; init; }

    /// <summary>Gets the offered m-lines that carry no media, in offer order.</summary>
    public required IReadOnlyList<WhipRejectedMedia> Rejected { get; init; }

    /// <summary>Gets the mids of the answer's BUNDLE group; the first is the transport-tagged section.</summary>
    public required IReadOnlyList<string> BundleMids { get; init; }

    /// <summary>Gets the remote ICE ufrag: the part after ':' in the USERNAME of its checks.</summary>
    public required string RemoteIceUfrag { get; init; }

    /// <summary>Gets the remote ICE password (for checks we send, e.g. consent freshness).</summary>
    public required string RemoteIcePwd { get; init; }

    /// <summary>Gets the certificate fingerprints the remote DTLS client must match.</summary>
    public required IReadOnlyList<SdpFingerprint> RemoteFingerprints { get; init; }

    /// <summary>Gets the a=setup role the offer stated (actpass when absent).</summary>
    public required SdpSetupRole RemoteSetup { get; init; }

    /// <summary>Gets our DTLS role: always passive, i.e. DTLS server.</summary>
    public SdpSetupRole LocalSetup => SdpSetupRole.Passive;

    /// <summary>Gets the accepted audio line, or null.</summary>
    public WhipReceivedMedia? Audio => Media.FirstOrDefault(m => m.Kind == SdpMediaKind.Audio);

    /// <summary>Gets the accepted video line, or null.</summary>
    public WhipReceivedMedia? Video => Media.FirstOrDefault(m => m.Kind == SdpMediaKind.Video);
}

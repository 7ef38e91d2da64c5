namespace Egress.WebRtc.Sdp;

/// <summary>The answer to a WHEP offer plus everything the transport needs from the negotiation.</summary>
public sealed record WhepAnswer
{
    /// <summary>Gets the answer SDP text (CRLF), the body of the 201 response.</summary>
    public required string Sdp { get; init; }

    /// <summary>Gets the answer as a model.</summary>
    public required SdpSessionDescription Description { get; init; }

    /// <summary>Gets one entry per offered m-line, in order.</summary>
    public required IReadOnlyList<WhepNegotiatedMedia> Media { get; init; }

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
}

namespace Egress.WebRtc.Peers;

/// <summary>Where a peer is in setting up its transport.</summary>
public enum PeerState
{
    /// <summary>Answer sent; waiting for the first valid STUN check.</summary>
    New,

    /// <summary>ICE connectivity proven; DTLS handshake running.</summary>
    Connecting,

    /// <summary>SRTP keys in place; media flowing.</summary>
    Connected,

    /// <summary>Gone: hung up, timed out or failed.</summary>
    Closed,
}

namespace Egress.WebRtc.Stun;

/// <summary>STUN attribute type codes from RFC 8489 and RFC 8445.</summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (legacy, not XOR-ed).</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME.</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY (HMAC-SHA1).</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE.</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES.</summary>
    UnknownAttributes = 0x000A,

    /// <summary>REALM.</summary>
    Realm = 0x0014,

    /// <summary>NONCE.</summary>
    Nonce = 0x0015,

    /// <summary>MESSAGE-INTEGRITY-SHA256.</summary>
    MessageIntegritySha256 = 0x001C,

    /// <summary>PASSWORD-ALGORITHM.</summary>
    PasswordAlgorithm = 0x001D,

    /// <summary>USERHASH.</summary>
    UserHash = 0x001E,

    /// <summary>XOR-MAPPED-ADDRESS.</summary>
    XorMappedAddress = 0x0020,

    /// <summary>PRIORITY (ICE).</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (ICE).</summary>
    UseCandidate = 0x0025,

    /// <summary>PASSWORD-ALGORITHMS.</summary>
    PasswordAlgorithms = 0x8002,

    /// <summary>ALTERNATE-DOMAIN.</summary>
    AlternateDomain = 0x8003,

    /// <summary>SOFTWARE.</summary>
    Software = 0x8022,

    /// <summary>ALTERNATE-SERVER.</summary>
    AlternateServer = 0x8023,

    /// <summary>FINGERPRINT.</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED (ICE).</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING (ICE).</summary>
    IceControlling = 0x802A,
}

namespace Egress.WebRtc.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7).</summary>
public enum SdpDirection
{
    /// <summary>a=sendrecv (the default when none is given).</summary>
    SendRecv,

    /// <summary>a=sendonly.</summary>
    SendOnly,

    /// <summary>a=recvonly.</summary>
    RecvOnly,

    /// <summary>a=inactive.</summary>
    Inactive,
}

namespace Egress.WebRtc.Stun;

/// <summary>STUN message types (method and class combined) used by ICE connectivity checks.</summary>
public enum StunMessageType : ushort
{
    /// <summary>Binding request (RFC 8489 §6).</summary>
    BindingRequest = 0x0001,

    /// <summary>Binding indication, used for keepalives.</summary>
    BindingIndication = 0x0011,

    /// <summary>Binding success response.</summary>
    BindingSuccessResponse = 0x0101,

    /// <summary>Binding error response.</summary>
    BindingErrorResponse = 0x0111,
}

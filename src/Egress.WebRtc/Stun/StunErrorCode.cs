namespace Egress.WebRtc.Stun;

/// <summary>STUN error codes an ICE-lite agent sends in Binding error responses.</summary>
public enum StunErrorCode
{
    /// <summary>400: malformed request.</summary>
    BadRequest = 400,

    /// <summary>401: missing or wrong credentials.</summary>
    Unauthorized = 401,

    /// <summary>420: unknown comprehension-required attribute.</summary>
    UnknownAttribute = 420,

    /// <summary>487: ICE role conflict (RFC 8445 §7.3.1.1).</summary>
    RoleConflict = 487,

    /// <summary>500: server error.</summary>
    ServerError = 500,
}

namespace ControlPlane.Auth;

/// <summary>Why a play token was accepted or refused.</summary>
public enum PlayTokenStatus
{
    /// <summary>Correctly signed, in its validity window and issued for the requested stream.</summary>
    Valid,

    /// <summary>No token was supplied.</summary>
    Missing,

    /// <summary>Not a well-formed play token: unparseable, missing required claims, or wrong issuer or audience.</summary>
    Malformed,

    /// <summary>Not signed with HS256 and the shared secret (this includes <c>alg: none</c> and other algorithms).</summary>
    BadSignature,

    /// <summary>The token's <c>exp</c> has passed, beyond the allowed clock skew.</summary>
    Expired,

    /// <summary>The token is valid but was issued for a different stream.</summary>
    WrongStream,

    /// <summary>The token's <c>nbf</c> is still in the future, beyond the allowed clock skew.</summary>
    NotYetValid,
}

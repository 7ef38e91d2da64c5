namespace ControlPlane.Auth;

/// <summary>The fixed claim values an operator's backend must use to mint play tokens this server accepts.</summary>
public static class PlayTokenClaims
{
    /// <summary>Required <c>iss</c> value.</summary>
    public const string Issuer = "sfu";

    /// <summary>Required <c>aud</c> value.</summary>
    public const string Audience = "sfu-play";

    /// <summary>Name of the claim holding the stream the token grants playback of.</summary>
    public const string Stream = "stream";

    /// <summary>The only accepted JWS algorithm (HMAC-SHA256 with the shared secret).</summary>
    public const string Algorithm = "HS256";
}

namespace ControlPlane.Auth;

/// <summary>A freshly minted play token and the moment it stops being accepted.</summary>
/// <param name="Token">The compact JWT to hand to the viewer.</param>
/// <param name="ExpiresAt">The token's <c>exp</c>, whole seconds, exactly as encoded in the token.</param>
public sealed record PlayToken(string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>Describes the token without its value, since the value is a bearer credential.</summary>
    public override string ToString() => $"PlayToken {{ Token = ***, ExpiresAt = {ExpiresAt:O} }}";
}

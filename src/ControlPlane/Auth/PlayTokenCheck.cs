namespace ControlPlane.Auth;

/// <summary>Outcome of checking a play token against a stream.</summary>
/// <param name="Status">Whether the token was accepted and, if not, why.</param>
/// <param name="ExpiresAt">The token's expiry when it was accepted; null otherwise.</param>
public sealed record PlayTokenCheck(PlayTokenStatus Status, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>True when the token grants playback of the requested stream.</summary>
    public bool IsValid => Status == PlayTokenStatus.Valid;
}

namespace ControlPlane.Auth;

/// <summary>The play check's answer: allowed, or refused with the reason a viewer is told.</summary>
/// <param name="Allowed">Whether the viewer may play.</param>
/// <param name="Reason">Why not (safe to show: it says what was wrong with the token, nothing about the secret).</param>
public sealed record PlayDecision(bool Allowed, string? Reason)
{
    /// <summary>Playing is allowed.</summary>
    public static readonly PlayDecision Allow = new(true, null);
}

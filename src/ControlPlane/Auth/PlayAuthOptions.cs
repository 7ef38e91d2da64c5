namespace ControlPlane.Auth;

/// <summary>Playback tokens (configuration section <c>Sfu:Play</c>): streams listed here need <c>Authorization: Bearer</c>.</summary>
public sealed class PlayAuthOptions
{
    /// <summary>Stream name → the bearer token viewers must present; streams not listed play openly.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);
}

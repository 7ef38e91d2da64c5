namespace ControlPlane.Auth;

/// <summary>Who may publish (configuration section <c>Sfu:Publish</c>).</summary>
public sealed class PublishOptions
{
    /// <summary><c>open</c> (any stream key publishes under its own name) or <c>keys</c> (only keys made with the admin API).</summary>
    public string Mode { get; set; } = PublishModes.Open;
}

namespace ControlPlane.Draining;

/// <summary>Drain settings (configuration section <c>Sfu:Drain</c>).</summary>
public sealed class DrainOptions
{
    /// <summary>On SIGTERM, how long to let sessions finish before the process exits (match Kubernetes' grace period).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>Retry-After</c> sent with refusals while draining.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}

namespace ControlPlane.Storage;

/// <summary>Per-stream options; unknown streams get the defaults of a new instance.</summary>
/// <remarks>Init properties rather than a positional record so fields can be added without breaking callers.</remarks>
public sealed record StreamSettings
{
    /// <summary>Name of the stream these settings apply to.</summary>
    public required string Stream { get; init; }

    /// <summary>True when playback requires a valid play token; streams are public by default.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>The playout delay viewers are asked to use, or null to leave it to their players.</summary>
    public Sfu.Core.Media.PlayoutDelay? PlayoutDelay { get; init; }
}

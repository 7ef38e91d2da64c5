namespace Ingest.Rtmp.Auth;

/// <summary>The auth hook's answer: allowed under a stream name, or refused with a reason the encoder is told.</summary>
/// <param name="Allowed">Whether the publisher may go on.</param>
/// <param name="StreamName">The stream it publishes, when allowed.</param>
/// <param name="Reason">Why not, when refused.</param>
/// <param name="KeyId">The publish key it authenticated with, when keys are in use (so revoking the key can end it).</param>
public sealed record PublishDecision(bool Allowed, string? StreamName, string? Reason, string? KeyId = null)
{
    /// <summary>Allows publishing under <paramref name="streamName"/>.</summary>
    public static PublishDecision Allow(string streamName, string? keyId = null) => new(true, streamName, null, keyId);

    /// <summary>Refuses publishing, telling the encoder why.</summary>
    public static PublishDecision Deny(string reason) => new(false, null, reason);

    /// <summary>Refuses because the name is being published elsewhere (the publisher is fine, the name is taken).</summary>
    public static PublishDecision Taken(string reason) => new(false, null, reason) { NameTaken = true };

    /// <summary>True when the refusal is about the name being in use, not about the publisher's credentials.</summary>
    public bool NameTaken { get; init; }
}

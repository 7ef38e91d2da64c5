namespace Ingest.Rtmp.Auth;

/// <summary>The auth hook's answer: allowed under a stream name, or refused with a reason the encoder is told.</summary>
public sealed record PublishDecision(bool Allowed, string? StreamName, string? Reason)
{
    /// <summary>Allows publishing under <paramref name="streamName"/>.</summary>
    public static PublishDecision Allow(string streamName) => new(true, streamName, null);

    /// <summary>Refuses publishing, telling the encoder why.</summary>
    public static PublishDecision Deny(string reason) => new(false, null, reason);
}

namespace Ingest.Rtmp.Auth;

/// <summary>The default hook: any non-empty key may publish, and the key is the stream name.</summary>
public sealed class OpenPublishAuthorizer : IPublishAuthorizer
{
    /// <inheritdoc/>
    public ValueTask<PublishDecision> AuthorizeAsync(PublishRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(string.IsNullOrWhiteSpace(request.StreamKey)
            ? PublishDecision.Deny("An empty stream key cannot publish.")
            : PublishDecision.Allow(request.StreamKey));
}

namespace Ingest.Rtmp.Auth;

/// <summary>Decides whether a stream key may publish and which stream name it maps to.</summary>
public interface IPublishAuthorizer
{
    /// <summary>Called once per <c>publish</c> command, before the stream starts.</summary>
    ValueTask<PublishDecision> AuthorizeAsync(PublishRequest request, CancellationToken cancellationToken);
}

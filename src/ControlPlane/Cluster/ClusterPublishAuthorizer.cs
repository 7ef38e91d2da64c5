using Ingest.Rtmp.Auth;

namespace ControlPlane.Cluster;

/// <summary>
/// The publish check in a cluster: the node's own check first, then a name another node already originates is refused
/// with that node's name, so one stream never has two origins (the directory would flip between them).
/// </summary>
/// <remarks>
/// An encoder that moves to another node while its old node still holds the stream for the reconnect grace period is
/// refused until that grace ends and the old node withdraws it; encoders retry. A directory that cannot be reached
/// does not block publishing here.
/// </remarks>
public sealed class ClusterPublishAuthorizer(IPublishAuthorizer inner, ClusterNode node, ILogger<ClusterPublishAuthorizer> logger) : IPublishAuthorizer
{
    /// <inheritdoc/>
    public async ValueTask<PublishDecision> AuthorizeAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var decision = await inner.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed || !node.IsClustered)
        {
            return decision;
        }

        try
        {
            var origin = await node.FindOtherOriginAsync(decision.StreamName!, cancellationToken).ConfigureAwait(false);
            return origin is null
                ? decision
                : PublishDecision.Taken($"Stream '{decision.StreamName}' is already published on node {origin.Id} ({origin.PublicUrl}).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Stream directory unreachable while checking publisher of {Stream} ({Reason}); allowing it", decision.StreamName, ex.Message);
            return decision;
        }
    }
}

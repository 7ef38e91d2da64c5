using Sfu.Core.Streams;

namespace ControlPlane.Cluster;

/// <summary>
/// What a WHEP or WHIP request does when this node is not the one to serve it: follow the stream to its origin (a
/// <c>307</c> in redirect mode, a relay pulled here in relay mode), or, on a draining node, go to another node.
/// </summary>
public sealed class ClusterRouting(ClusterNode node, StreamRegistry registry, RelayManager relays)
{
    /// <summary>
    /// For a viewer of <paramref name="stream"/>: null to serve it here (the stream is here, or now relayed here, or
    /// nowhere), or the result to answer instead (a redirect, or 502 when the relay could not start).
    /// </summary>
    public async Task<IResult?> RouteViewerAsync(string stream, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!node.IsClustered)
        {
            return null;
        }

        if (registry.TryGet(stream, out var local))
        {
            // A relay started by another viewer a moment ago: wait with it for the origin's tracks.
            if (local.Publisher.Protocol == RelayPublisher.Protocol)
            {
                await relays.WaitUntilStartedAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        NodeRecord? origin;
        try
        {
            origin = await node.FindOtherOriginAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Directory down: the stream is not here, and where it is cannot be known; the 404 that follows says so.
            return null;
        }

        if (origin is null)
        {
            return null;
        }

        if (node.Options.Redirects)
        {
            // A draining origin takes no new viewers and, in redirect mode, no other node has the stream to offer.
            return origin.Draining ? Draining(stream, origin, request) : Redirect(origin, request);
        }

        return await relays.EnsureAsync(stream, origin, cancellationToken).ConfigureAwait(false)
            ? null
            : Results.Text($"Stream '{stream}' is live on node {origin.Id} but could not be relayed here; try {origin.PublicUrl}.\n", statusCode: StatusCodes.Status502BadGateway);
    }

    /// <summary>
    /// A draining node sends a new client to the least-loaded other node; null when there is none, or when this node
    /// originates <paramref name="stream"/> in redirect mode (the other nodes would only send the client back here).
    /// </summary>
    public async Task<IResult?> RouteAwayFromDrainingAsync(string stream, HttpRequest request, CancellationToken cancellationToken)
    {
        if (node.Options.Redirects && registry.TryGet(stream, out var local) && ClusterMembership.IsOrigin(local))
        {
            return null;
        }

        try
        {
            var other = await node.PickOtherNodeAsync(cancellationToken).ConfigureAwait(false);
            return other is null ? null : Redirect(other, request);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static IResult Draining(string stream, NodeRecord origin, HttpRequest request)
    {
        request.HttpContext.Response.Headers.RetryAfter = "5";
        return Results.Text($"Stream '{stream}' is on node {origin.Id}, which is draining and takes no new viewers; try again shortly.\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The same request at another node: <c>307</c> keeps the method and body (RFC 9110 §15.4.8), as WHIP and WHEP allow.</summary>
    private static IResult Redirect(NodeRecord target, HttpRequest request) =>
        Results.Redirect($"{target.PublicUrl.TrimEnd('/')}{request.PathBase}{request.Path}{request.QueryString}", permanent: false, preserveMethod: true);
}

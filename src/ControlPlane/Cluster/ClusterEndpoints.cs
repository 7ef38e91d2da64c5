namespace ControlPlane.Cluster;

/// <summary>Cluster HTTP surface: the relay for other nodes and the live node list for players that fail over.</summary>
public static class ClusterEndpoints
{
    /// <summary>Maps <c>/internal/relay/{stream}</c> and <c>/cluster/nodes</c>.</summary>
    public static void MapClusterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        RelayServer.Map(endpoints);
        endpoints.MapGet("/cluster/nodes", async (ClusterNode node, HttpContext http) =>
        {
            try
            {
                var nodes = await node.Directory.NodesAsync(http.RequestAborted).ConfigureAwait(false);
                return Results.Json(new
                {
                    self = node.NodeId,
                    nodes = nodes.Where(n => !n.Draining).Select(n => new { id = n.Id, url = n.PublicUrl, viewers = n.Viewers }),
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Results.Text($"Stream directory unreachable: {ex.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}

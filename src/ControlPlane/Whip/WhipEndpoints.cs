using System.Text;
using ControlPlane.Cluster;
using ControlPlane.Draining;
using ControlPlane.Whep;
using Egress.WebRtc.Whep;
using Egress.WebRtc.Whip;
using Ingest.Rtmp.Auth;

namespace ControlPlane.Whip;

/// <summary>The WHIP HTTP surface (RFC 9725): publish with an SDP offer, end with DELETE, trickle/restart with PATCH.</summary>
public static class WhipEndpoints
{
    private const string SdpType = SessionHttp.SdpType;
    private const string SdpFragmentType = SessionHttp.SdpFragmentType;

    /// <summary>Maps <c>/whip/{stream}</c> and its session resources.</summary>
    public static void MapWhipEndpoints(this IEndpointRouteBuilder endpoints)
    {
        SessionHttp.MapOptions(endpoints, "/whip");
        endpoints.MapPost("/whip/{stream}", CreateAsync);
        endpoints.MapDelete("/whip/{stream}/{session}", (string session, WhipService whip) =>
            whip.Delete(session) ? Results.Ok() : Results.NotFound());
        endpoints.MapPatch("/whip/{stream}/{session}", PatchAsync);
    }

    private static async Task<IResult> CreateAsync(string stream, HttpContext http, WhipService whip, IPublishAuthorizer authorizer, DrainState drain, ClusterRouting cluster)
    {
        if (drain.IsDraining)
        {
            if (await cluster.RouteAwayFromDrainingAsync(stream, http.Request, http.RequestAborted).ConfigureAwait(false) is { } elsewhere)
            {
                return elsewhere;
            }

            http.Response.Headers.RetryAfter = drain.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Text("This server is draining and takes no new streams; publish to another node.\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!SessionHttp.IsContentType(http.Request, SdpType))
        {
            return Results.Text($"Content-Type must be {SdpType}.\n", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        // The same keys as RTMP: in "keys" mode the Bearer token is the publish key and must be for this stream; in
        // "open" mode the stream's name is all it takes.
        string? bearer = SessionHttp.BearerToken(http.Request);
        var query = bearer is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["key"] = bearer };
        var remote = http.Connection.RemoteIpAddress is { } address ? new System.Net.IPEndPoint(address, http.Connection.RemotePort) : null;
        var decision = await authorizer.AuthorizeAsync(new PublishRequest("whip", stream, query, remote), http.RequestAborted).ConfigureAwait(false);
        if (decision is { Allowed: false, NameTaken: true })
        {
            return Results.Text(decision.Reason + "\n", statusCode: StatusCodes.Status409Conflict);
        }

        if (!decision.Allowed)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"whip\"";
            return Results.Text(decision.Reason + "\n", statusCode: bearer is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden);
        }

        string offer = await SessionHttp.ReadBodyAsync(http.Request).ConfigureAwait(false);
        try
        {
            var session = whip.Create(decision.StreamName!, offer, remote?.ToString() ?? "unknown", decision.KeyId);
            string location = $"/whip/{Uri.EscapeDataString(stream)}/{session.SessionId}";
            http.Response.Headers.ETag = session.ETag;
            http.Response.Headers["Accept-Patch"] = SdpFragmentType;
            SessionHttp.AddIceServerLinks(http);
            return new SessionHttp.CreatedSdpResult(location, session.AnswerSdp);
        }
        catch (SessionRequestException ex)
        {
            return Results.Text(ex.Message + "\n", statusCode: ex.StatusCode);
        }
    }

    private static Task<IResult> PatchAsync(string session, HttpContext http, WhipService whip) =>
        SessionHttp.PatchAsync(http, (ifMatch, fragment) => whip.Patch(session, ifMatch, fragment));
}

using System.Text;
using ControlPlane.Auth;
using ControlPlane.Cluster;
using ControlPlane.Draining;
using ControlPlane.Storage;
using Egress.WebRtc.Transport;
using Egress.WebRtc.Whep;
using Microsoft.Extensions.Options;

namespace ControlPlane.Whep;

/// <summary>The WHEP HTTP surface (draft-ietf-wish-whep, with RFC 9725's conventions for sessions, PATCH and CORS).</summary>
public static class WhepEndpoints
{
    private const string SdpType = SessionHttp.SdpType;
    private const string SdpFragmentType = SessionHttp.SdpFragmentType;

    /// <summary>Maps <c>/whep/{stream}</c> and its session resources.</summary>
    public static void MapWhepEndpoints(this IEndpointRouteBuilder endpoints)
    {
        SessionHttp.MapOptions(endpoints, "/whep");
        endpoints.MapPost("/whep/{stream}", CreateAsync);
        endpoints.MapDelete("/whep/{stream}/{session}", (string session, WhepService whep) =>
            whep.Delete(session) ? Results.Ok() : Results.NotFound());
        endpoints.MapPatch("/whep/{stream}/{session}", PatchAsync);
    }

    private static async Task<IResult> CreateAsync(string stream, HttpContext http, WhepService whep, IPlayAuthorizer authorizer, DrainState drain, SfuStore store, ClusterRouting cluster)
    {
        if (drain.IsDraining)
        {
            if (await cluster.RouteAwayFromDrainingAsync(stream, http.Request, http.RequestAborted).ConfigureAwait(false) is { } elsewhere)
            {
                return elsewhere;
            }

            http.Response.Headers.RetryAfter = drain.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Text("This server is draining and takes no new viewers; try again (another node will answer).\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Read once per request: the play check and the playout delay both come from the stream's settings.
        if (!TryReadSettings(store, stream, out var settings, out string? invalid))
        {
            return Results.Text(invalid + "\n", statusCode: StatusCodes.Status400BadRequest);
        }

        var decision = await authorizer.AuthorizeAsync(settings, SessionHttp.BearerToken(http.Request)).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"whep\", error=\"invalid_token\"";
            return Results.Text(decision.Reason + "\n", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!SessionHttp.IsContentType(http.Request, SdpType))
        {
            return Results.Text($"Content-Type must be {SdpType}.\n", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (await cluster.RouteViewerAsync(stream, http.Request, http.RequestAborted).ConfigureAwait(false) is { } routed)
        {
            return routed;
        }

        string offer = await SessionHttp.ReadBodyAsync(http.Request).ConfigureAwait(false);
        try
        {
            var session = whep.Create(stream, offer, settings.PlayoutDelay);
            string location = $"/whep/{Uri.EscapeDataString(stream)}/{session.SessionId}";
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

    private static Task<IResult> PatchAsync(string session, HttpContext http, WhepService whep) =>
        SessionHttp.PatchAsync(http, (ifMatch, fragment) => whep.Patch(session, ifMatch, fragment));

    /// <summary>The stream's settings; false with the reason when the name in the URL cannot be a stream's.</summary>
    internal static bool TryReadSettings(SfuStore store, string stream, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamSettings? settings, out string? invalid)
    {
        try
        {
            settings = store.GetStreamSettings(stream);
            invalid = null;
            return true;
        }
        catch (ArgumentException)
        {
            settings = null;
            invalid = "Not a valid stream name (1 to 200 characters, no '/' or control characters).";
            return false;
        }
    }
}

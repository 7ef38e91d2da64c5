using System.Text;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Options;

namespace ControlPlane.Whep;

/// <summary>What the WHIP and WHEP endpoints share: Bearer tokens, ICE server links, SDP bodies and the 201 answer.</summary>
internal static class SessionHttp
{
    /// <summary>The SDP offer/answer media type.</summary>
    public const string SdpType = "application/sdp";

    /// <summary>The trickle-ICE fragment media type (PATCH).</summary>
    public const string SdpFragmentType = "application/trickle-ice-sdpfrag";

    public static string? BearerToken(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    public static void AddIceServerLinks(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<WebRtcOptions>>().Value;
        foreach (string server in options.IceServers)
        {
            http.Response.Headers.Append("Link", $"<{server}>; rel=\"ice-server\"");
        }
    }

    public static bool IsContentType(HttpRequest request, string expected) =>
        request.ContentType is { } type && type.Split(';')[0].Trim().Equals(expected, StringComparison.OrdinalIgnoreCase);

    public static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    /// <summary>201 Created with the answer as <c>application/sdp</c> and the session's <c>Location</c>.</summary>
    public sealed class CreatedSdpResult(string location, string sdp) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status201Created;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.ContentType = SdpType;
            await httpContext.Response.WriteAsync(sdp).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A PATCH on a session (RFC 9725 §4.3): checks the media type, applies the fragment, and answers 204 (trickle),
    /// 200 with our new credentials (ICE restart) or the refusal's status and reason.
    /// </summary>
    public static async Task<IResult> PatchAsync(HttpContext http, Func<string?, string, Egress.WebRtc.Whep.SessionPatchResult> patch)
    {
        if (!IsContentType(http.Request, SdpFragmentType))
        {
            return Results.Text($"Content-Type must be {SdpFragmentType}.\n", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        string fragment = await ReadBodyAsync(http.Request).ConfigureAwait(false);
        try
        {
            var result = patch(http.Request.Headers.IfMatch.ToString(), fragment);
            http.Response.Headers.ETag = result.ETag;
            return result.ResponseFragment is null
                ? Results.NoContent()
                : Results.Text(result.ResponseFragment, SdpFragmentType, Encoding.UTF8, StatusCodes.Status200OK);
        }
        catch (Egress.WebRtc.Whep.SessionRequestException ex)
        {
            return Results.Text(ex.Message + "\n", statusCode: ex.StatusCode);
        }
    }

    /// <summary>
    /// Maps the OPTIONS answers of a WHIP or WHEP endpoint under <paramref name="prefix"/>: what POST takes (and the
    /// ICE servers to use) on <c>{prefix}/{stream}</c>, what PATCH takes on its session resources.
    /// </summary>
    public static void MapOptions(IEndpointRouteBuilder endpoints, string prefix)
    {
        endpoints.MapMethods(prefix + "/{stream}", ["OPTIONS"], (HttpContext http) =>
        {
            http.Response.Headers["Accept-Post"] = SdpType;
            AddIceServerLinks(http);
            return Results.NoContent();
        });
        endpoints.MapMethods(prefix + "/{stream}/{session}", ["OPTIONS"], (HttpContext http) =>
        {
            http.Response.Headers["Accept-Patch"] = SdpFragmentType;
            return Results.NoContent();
        });
    }
}

using System.Reflection;
using ControlPlane.Auth;
using ControlPlane.Storage;
using ControlPlane.Whep;

namespace ControlPlane.Player;

/// <summary>Serves the built-in WHEP player at <c>/play/{stream}</c> and the WHIP publish page at <c>/publish/{stream}</c>.</summary>
public static class PlayerEndpoints
{
    private static readonly Lazy<byte[]> Page = new(() => Embedded("player.html"));

    private static readonly Lazy<byte[]> PublishPage = new(() => Embedded("publish.html"));

    /// <summary>
    /// Maps the player page (a private stream's page needs its play token as <c>?token=</c>) and the publish page
    /// <c>/publish/{stream}</c> (camera and microphone over WHIP; the page itself is public, publishing is checked
    /// by the WHIP endpoint with the key the page is given as <c>?key=</c>).
    /// </summary>
    public static void MapPlayerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/publish/{stream}", () => Results.Bytes(PublishPage.Value, "text/html; charset=utf-8"));
        MapPlayPage(endpoints);
    }

    private static byte[] Embedded(string name)
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("ControlPlane.Player." + name)
            ?? throw new InvalidOperationException(name + " is not embedded");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }

    private static void MapPlayPage(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/play/{stream}", async (string stream, string? token, IPlayAuthorizer authorizer, SfuStore store) =>
        {
            if (!WhepEndpoints.TryReadSettings(store, stream, out var settings, out string? invalid))
            {
                return Results.Text(invalid + "\n", statusCode: StatusCodes.Status400BadRequest);
            }

            var decision = await authorizer.AuthorizeAsync(settings, token).ConfigureAwait(false);
            return decision.Allowed
                ? Results.Bytes(Page.Value, "text/html; charset=utf-8")
                : Results.Text($"<!doctype html><title>Private stream</title><p>{System.Net.WebUtility.HtmlEncode(decision.Reason)}</p>\n", "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        });
}

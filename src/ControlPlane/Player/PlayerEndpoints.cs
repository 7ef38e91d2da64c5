using System.Reflection;

namespace ControlPlane.Player;

/// <summary>Serves the built-in WHEP player at <c>/play/{stream}</c>.</summary>
public static class PlayerEndpoints
{
    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("ControlPlane.Player.player.html")
            ?? throw new InvalidOperationException("player.html is not embedded");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>Maps the player page.</summary>
    public static void MapPlayerEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/play/{stream}", () => Results.Bytes(Page.Value, "text/html; charset=utf-8"));
}

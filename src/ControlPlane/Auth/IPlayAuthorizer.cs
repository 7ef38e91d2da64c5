namespace ControlPlane.Auth;

/// <summary>Decides whether a viewer may play a stream, from the bearer token it presented (or none).</summary>
public interface IPlayAuthorizer
{
    /// <summary>Whether a viewer with <paramref name="bearerToken"/> may play <paramref name="stream"/>, and if not why.</summary>
    ValueTask<PlayDecision> AuthorizeAsync(string stream, string? bearerToken);
}

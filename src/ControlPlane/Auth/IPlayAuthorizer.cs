namespace ControlPlane.Auth;

/// <summary>Decides whether a viewer may play a stream, from the bearer token it presented (or none).</summary>
public interface IPlayAuthorizer
{
    /// <summary>Whether a viewer with <paramref name="bearerToken"/> may play the stream <paramref name="settings"/> describe, and if not why.</summary>
    ValueTask<PlayDecision> AuthorizeAsync(Storage.StreamSettings settings, string? bearerToken);
}

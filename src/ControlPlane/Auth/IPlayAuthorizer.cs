namespace ControlPlane.Auth;

/// <summary>Decides whether a viewer may play a stream, from the bearer token it presented (or none).</summary>
public interface IPlayAuthorizer
{
    /// <summary>True when a viewer with <paramref name="bearerToken"/> may play <paramref name="stream"/>.</summary>
    bool MayPlay(string stream, string? bearerToken);
}

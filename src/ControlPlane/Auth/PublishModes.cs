namespace ControlPlane.Auth;

/// <summary>The values of <see cref="PublishOptions.Mode"/>.</summary>
public static class PublishModes
{
    /// <summary>Any non-empty stream key publishes, and is the stream's name (the embedded default).</summary>
    public const string Open = "open";

    /// <summary>Only active keys created through the admin API publish, under the stream the key was made for.</summary>
    public const string Keys = "keys";
}

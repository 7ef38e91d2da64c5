namespace ControlPlane.Storage;

/// <summary>A stored stream key (publish credential) as listed to operators; never carries the secret.</summary>
/// <param name="Id">Public identifier of the key, <c>key_</c> followed by 12 lowercase hex characters.</param>
/// <param name="Stream">Name of the stream this key may publish to.</param>
/// <param name="Label">Optional operator-chosen description.</param>
/// <param name="SecretHint">Last four characters of the secret, so operators can tell keys apart.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="RevokedAt">When the key was revoked, or null while it is active.</param>
public sealed record StreamKeyRecord(
    string Id,
    string Stream,
    string? Label,
    string SecretHint,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>True while the key has not been revoked.</summary>
    public bool IsActive => RevokedAt is null;
}

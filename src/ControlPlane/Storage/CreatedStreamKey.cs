namespace ControlPlane.Storage;

/// <summary>A freshly created stream key together with its secret, which is returned this one time only.</summary>
/// <param name="Key">The stored record of the new key.</param>
/// <param name="Secret">The full secret (<c>sk_…</c>); the store keeps only its hash, so it cannot be shown again.</param>
public sealed record CreatedStreamKey(StreamKeyRecord Key, string Secret)
{
    /// <summary>Describes the key without the secret, so logging this object cannot leak a credential.</summary>
    public override string ToString() => $"CreatedStreamKey {{ Key = {Key}, Secret = *** }}";
}

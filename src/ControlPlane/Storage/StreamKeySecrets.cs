using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Storage;

/// <summary>Generates stream-key secrets and ids and derives what the store keeps instead of the secret.</summary>
internal static class StreamKeySecrets
{
    public const string SecretPrefix = "sk_";
    public const string IdPrefix = "key_";
    public const int SecretRandomLength = 32;
    public const int HintLength = 4;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // 32 base62 characters carry about 190 bits, far beyond guessing range, which is also why a plain
    // SHA-256 (no salt, no slow KDF) is enough: there is no small password space to brute-force.
    public static string NewSecret() => SecretPrefix + RandomNumberGenerator.GetString(Base62, SecretRandomLength);

    // 48 random bits: collisions are rare, and the primary key turns the rare one into a retry.
    public static string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string Hint(string secret) => secret[^HintLength..];
}

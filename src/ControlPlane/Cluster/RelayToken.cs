using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Cluster;

/// <summary>
/// Signs a relay request between nodes: <c>{expiry}.{HMAC-SHA256(secret, "relay/{stream}/{expiry}")}</c>, so the cluster
/// secret never travels and a captured token opens one stream for a minute at most.
/// </summary>
public static class RelayToken
{
    /// <summary>How long a token is accepted after it is made.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromSeconds(60);

    /// <summary>A token for <paramref name="stream"/>.</summary>
    public static string Create(string secret, string stream, DateTimeOffset now)
    {
        long expiry = (now + Lifetime).ToUnixTimeSeconds();
        return $"{expiry.ToString(CultureInfo.InvariantCulture)}.{Sign(secret, stream, expiry)}";
    }

    /// <summary>True when <paramref name="token"/> was made with <paramref name="secret"/> for <paramref name="stream"/> and has not expired.</summary>
    public static bool Verify(string secret, string stream, string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out long expiry))
        {
            return false;
        }

        if (expiry < now.ToUnixTimeSeconds() || expiry > (now + Lifetime + Lifetime).ToUnixTimeSeconds())
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, stream, expiry));
        var given = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Sign(string secret, string stream, long expiry)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"relay/{stream}/{expiry.ToString(CultureInfo.InvariantCulture)}"));
        return Convert.ToHexStringLower(mac);
    }
}

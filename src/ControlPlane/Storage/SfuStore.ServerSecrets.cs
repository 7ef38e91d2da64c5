using System.Security.Cryptography;

namespace ControlPlane.Storage;

// Part of SfuStore: Named random secrets the server generates once and keeps, such as token signing keys.
public sealed partial class SfuStore
{
    /// <summary>Largest secret <see cref="GetOrCreateSecret"/> will create.</summary>
    public const int MaxSecretBytes = 4096;

    /// <summary>Returns the secret called <paramref name="name"/>, creating it with <paramref name="bytes"/> random bytes on first use.</summary>
    public byte[] GetOrCreateSecret(string name, int bytes)
    {
        StreamNameRules.ValidateSecretName(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, MaxSecretBytes);

        using var connection = Open();
        using (var insert = connection.CreateCommand())
        {
            // Racing callers, in this process or another, each try to insert; SQLite's write lock lets
            // exactly one row win and silently drops the rest, so everyone then reads the same bytes.
            insert.CommandText = "INSERT OR IGNORE INTO server_secrets (name, value) VALUES ($name, $value);";
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$value", RandomNumberGenerator.GetBytes(bytes));
            insert.ExecuteNonQuery();
        }

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM server_secrets WHERE name = $name;";
        select.Parameters.AddWithValue("$name", name);
        var value = (byte[])select.ExecuteScalar()!;

        // A different size means the caller's expectation changed; silently handing back a shorter key
        // could weaken whatever it protects.
        if (value.Length != bytes)
        {
            throw new InvalidOperationException(
                $"Secret '{name}' already exists with {value.Length} bytes, but {bytes} were requested.");
        }

        return value;
    }
}

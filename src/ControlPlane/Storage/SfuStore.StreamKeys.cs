using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace ControlPlane.Storage;

// Part of SfuStore: Stream keys: publish credentials stored as hashes.
public sealed partial class SfuStore
{
    private const int SqlitePrimaryKeyConstraint = 1555;
    private const int MaxIdAttempts = 5;

    private const string KeyColumns = "id, stream, label, secret_hint, created_at_ms, revoked_at_ms";

    /// <summary>Creates a key for <paramref name="stream"/>; the returned secret is never retrievable again.</summary>
    public CreatedStreamKey CreateStreamKey(string stream, string? label)
    {
        StreamNameRules.ValidateStreamName(stream, nameof(stream));
        StreamNameRules.ValidateLabel(label, nameof(label));

        var secret = StreamKeySecrets.NewSecret();
        var hint = StreamKeySecrets.Hint(secret);
        var createdAtMs = NowUnixMilliseconds();

        using var connection = Open();
        for (var attempt = 1; ; attempt++)
        {
            var id = StreamKeySecrets.NewId();
            using var command = connection.CreateCommand();
            command.CommandText =
                """
                INSERT INTO stream_keys (id, stream, label, secret_hash, secret_hint, created_at_ms)
                VALUES ($id, $stream, $label, $hash, $hint, $created);
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$stream", stream);
            command.Parameters.AddWithValue("$label", (object?)label ?? DBNull.Value);
            command.Parameters.AddWithValue("$hash", StreamKeySecrets.Hash(secret));
            command.Parameters.AddWithValue("$hint", hint);
            command.Parameters.AddWithValue("$created", createdAtMs);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqlitePrimaryKeyConstraint && attempt < MaxIdAttempts)
            {
                continue;
            }

            var record = new StreamKeyRecord(id, stream, label, hint, FromUnixMilliseconds(createdAtMs), null);
            return new CreatedStreamKey(record, secret);
        }
    }

    /// <summary>Lists keys oldest first, optionally for one stream and optionally including revoked ones.</summary>
    public IReadOnlyList<StreamKeyRecord> ListStreamKeys(string? stream = null, bool includeRevoked = false)
    {
        if (stream is not null)
        {
            StreamNameRules.ValidateStreamName(stream, nameof(stream));
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT {KeyColumns} FROM stream_keys
            WHERE ($stream IS NULL OR stream = $stream) AND ($includeRevoked OR revoked_at_ms IS NULL)
            ORDER BY created_at_ms, rowid;
            """;
        command.Parameters.AddWithValue("$stream", (object?)stream ?? DBNull.Value);
        command.Parameters.AddWithValue("$includeRevoked", includeRevoked);

        var keys = new List<StreamKeyRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(ReadKey(reader));
        }

        return keys;
    }

    /// <summary>Revokes an active key; false when the id is unknown or the key was already revoked.</summary>
    public bool TryRevokeStreamKey(string id, [NotNullWhen(true)] out StreamKeyRecord? revoked)
    {
        ArgumentNullException.ThrowIfNull(id);

        using var connection = Open();
        using var command = connection.CreateCommand();
        // One statement both checks and changes the row, so two racing revocations cannot both succeed.
        command.CommandText =
            $"""
            UPDATE stream_keys SET revoked_at_ms = $now
            WHERE id = $id AND revoked_at_ms IS NULL
            RETURNING {KeyColumns};
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", NowUnixMilliseconds());

        using var reader = command.ExecuteReader();
        revoked = reader.Read() ? ReadKey(reader) : null;
        return revoked is not null;
    }

    /// <summary>Returns the active key whose secret is <paramref name="secret"/>, or null if none matches.</summary>
    public StreamKeyRecord? FindActiveKeyBySecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(StreamKeySecrets.SecretPrefix, StringComparison.Ordinal)
            || secret.Length != StreamKeySecrets.SecretPrefix.Length + StreamKeySecrets.SecretRandomLength)
        {
            return null;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        // The index lookup's timing depends on how far the guess's hash matches stored hashes, never on
        // the secrets themselves; steering a guess's SHA-256 toward a stored prefix would need a preimage
        // attack, so unlike comparing raw secrets this leaks nothing an attacker can use.
        command.CommandText =
            $"SELECT {KeyColumns} FROM stream_keys WHERE secret_hash = $hash AND revoked_at_ms IS NULL;";
        command.Parameters.AddWithValue("$hash", StreamKeySecrets.Hash(secret));

        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadKey(reader) : null;
    }

    private static StreamKeyRecord ReadKey(SqliteDataReader reader) => new(
        Id: reader.GetString(0),
        Stream: reader.GetString(1),
        Label: reader.IsDBNull(2) ? null : reader.GetString(2),
        SecretHint: reader.GetString(3),
        CreatedAt: FromUnixMilliseconds(reader.GetInt64(4)),
        RevokedAt: reader.IsDBNull(5) ? null : FromUnixMilliseconds(reader.GetInt64(5)));

    private static DateTimeOffset FromUnixMilliseconds(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}

using Microsoft.Data.Sqlite;

namespace ControlPlane.Storage;

/// <summary>Brings a database file up to the schema this code expects, tracked in <c>PRAGMA user_version</c>.</summary>
internal static class SchemaMigrations
{
    // Index i upgrades user_version i to i + 1. Append new steps; never edit a shipped one,
    // because existing files have already run it.
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE stream_keys (
            id TEXT PRIMARY KEY,
            stream TEXT NOT NULL,
            label TEXT,
            secret_hash BLOB NOT NULL UNIQUE,
            secret_hint TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            revoked_at_ms INTEGER
        ) STRICT;
        CREATE INDEX stream_keys_by_stream ON stream_keys (stream);
        CREATE TABLE stream_settings (
            stream TEXT PRIMARY KEY,
            is_private INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE server_secrets (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL
        ) STRICT;
        """,
        """
        ALTER TABLE stream_settings ADD COLUMN playout_delay_min_ms INTEGER;
        ALTER TABLE stream_settings ADD COLUMN playout_delay_max_ms INTEGER;
        """,
    ];

    public static int LatestVersion => Steps.Length;

    public static void Apply(SqliteConnection connection)
    {
        // BEGIN IMMEDIATE takes the write lock before reading the version, so two processes opening
        // a fresh file at once cannot both run the same step.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection, transaction);
        if (version > LatestVersion)
        {
            throw new InvalidOperationException(
                $"Database schema version {version} is newer than this build supports ({LatestVersion}).");
        }

        for (var step = version; step < LatestVersion; step++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // user_version cannot be bound as a parameter; the value is our own integer.
            command.CommandText = Steps[step] + $"\nPRAGMA user_version = {step + 1};";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

using ControlPlane.Storage;
using ControlPlane.Tests.Storage.TestSupport;
using Microsoft.Data.Sqlite;

namespace ControlPlane.Tests.Storage;

/// <summary>File-level setup: journal mode, schema version and refusal of newer schemas.</summary>
public sealed class SchemaTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <summary>Deletes the temp directory.</summary>
    public void Dispose() => _directory.Dispose();

    /// <summary>A new file is in WAL mode and at the latest schema version.</summary>
    [Fact]
    public void NewFile_IsWalAndVersioned()
    {
        using (_directory.OpenStore())
        {
        }

        using var connection = OpenRaw();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal((long)SchemaMigrations.LatestVersion, Scalar(connection, "PRAGMA user_version;"));
    }

    /// <summary>A file from the first release (schema 1, no playout delay columns) is upgraded and keeps its rows.</summary>
    [Fact]
    public void FirstReleaseFile_IsUpgradedInPlace()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_directory.DatabasePath)!);
        using (var connection = OpenRaw())
        {
            Scalar(connection, """
                CREATE TABLE stream_keys (id TEXT PRIMARY KEY, stream TEXT NOT NULL, label TEXT, secret_hash BLOB NOT NULL UNIQUE,
                    secret_hint TEXT NOT NULL, created_at_ms INTEGER NOT NULL, revoked_at_ms INTEGER) STRICT;
                CREATE INDEX stream_keys_by_stream ON stream_keys (stream);
                CREATE TABLE stream_settings (stream TEXT PRIMARY KEY, is_private INTEGER NOT NULL) STRICT;
                CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;
                INSERT INTO stream_settings VALUES ('old', 1);
                PRAGMA user_version = 1;
                """);
        }

        SqliteConnection.ClearAllPools();
        using var store = _directory.OpenStore();
        var old = store.GetStreamSettings("old");
        Assert.True(old.IsPrivate);
        Assert.Null(old.PlayoutDelay);
        store.SetStreamSettings(old with { PlayoutDelay = new Sfu.Core.Media.PlayoutDelay(100, 100) });
        Assert.Equal(100, store.GetStreamSettings("old").PlayoutDelay?.MinMs);
    }

    /// <summary>A file written by a newer build is refused rather than misread.</summary>
    [Fact]
    public void NewerSchema_IsRefused()
    {
        using (_directory.OpenStore())
        {
        }

        using (var connection = OpenRaw())
        {
            Scalar(connection, "PRAGMA user_version = 99;");
        }

        var error = Assert.Throws<InvalidOperationException>(() => _directory.OpenStore());
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    private SqliteConnection OpenRaw()
    {
        // Pooling off so this connection really closes and cannot mask the store's own settings.
        var connection = new SqliteConnection($"Data Source={_directory.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

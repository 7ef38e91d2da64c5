using Microsoft.Data.Sqlite;

namespace ControlPlane.Storage;

/// <summary>Opens pooled connections to one database file with the durability settings every connection needs.</summary>
internal sealed class SqliteConnectionFactory
{
    public const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;

    public SqliteConnectionFactory(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // synchronous and busy_timeout are per connection, not stored in the file, so a pooled
            // connection gets them on every open; re-setting them costs microseconds.
            // FULL makes WAL commits fsync before returning, so an acknowledged write survives power loss.
            using var command = connection.CreateCommand();
            command.CommandText =
                $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void EnableWriteAheadLog()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        // journal_mode is persistent in the file; WAL lets readers proceed while one writer commits.
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused WAL journal mode (got '{mode}'); the database directory may be on a file system without shared-memory support.");
        }
    }

    // Pooled connections keep the file (and its -wal/-shm) open; closing them lets SQLite checkpoint
    // and lets the caller move or delete the file. The pool is per connection string, so another store
    // on the same file loses only its idle connections and simply opens new ones.
    public void ReleasePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}

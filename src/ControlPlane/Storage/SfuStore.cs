using Microsoft.Data.Sqlite;

namespace ControlPlane.Storage;

/// <summary>Durable store for stream keys, stream settings and server secrets in one embedded SQLite file.</summary>
/// <remarks>
/// Thread safety: every operation opens its own pooled connection rather than sharing one behind a lock.
/// In WAL mode readers then run beside a writer, SQLite's locks (with busy_timeout) serialize writers, and
/// the same mechanism also protects the file against a second process, which an in-process lock could not.
/// </remarks>
public sealed partial class SfuStore : IDisposable
{
    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _time;
    private volatile bool _disposed;

    /// <summary>Opens the database at <paramref name="databasePath"/>, creating the file, its directory and the schema if needed.</summary>
    public SfuStore(string databasePath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _time = timeProvider ?? TimeProvider.System;
        _connections = new SqliteConnectionFactory(DatabasePath);
        try
        {
            _connections.EnableWriteAheadLog();
            using var connection = _connections.Open();
            SchemaMigrations.Apply(connection);
        }
        catch
        {
            _connections.ReleasePooledConnections();
            throw;
        }
    }

    /// <summary>Absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Closes the pooled connections so the file is checkpointed and released.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connections.ReleasePooledConnections();
    }

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _connections.Open();
    }

    private long NowUnixMilliseconds() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}

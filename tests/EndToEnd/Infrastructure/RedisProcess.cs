namespace EndToEnd.Infrastructure;

/// <summary>Debian's redis-server on 127.0.0.1, nothing saved to disk, started and stopped by the test.</summary>
public sealed class RedisProcess : IDisposable
{
    private ExternalProcess? _process;
    private StackExchange.Redis.ConnectionMultiplexer? _client;

    private RedisProcess(int port)
    {
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis configuration for it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on a free port and waits until it answers PING.</summary>
    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(FreePort.Tcp());
        await redis.RestartAsync();
        return redis;
    }

    /// <summary>Kills the server (its data is gone: nothing is persisted).</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts it (again) on the same port, empty.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process = ExternalProcess.Start("redis-server", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("redis-server did not answer PING within 10 s:\n" + _process.StandardOutput + _process.StandardError);
    }

    /// <summary>A string key's value, read with the same client the server uses; null when absent.</summary>
    public async Task<string?> GetAsync(string key) => (await Database().StringGetAsync(key)).ToString();

    /// <summary>Whether <paramref name="member"/> is in the set at <paramref name="key"/>.</summary>
    public Task<bool> IsMemberAsync(string key, string member) => Database().SetContainsAsync(key, member);

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        _client?.Dispose();
    }

    // One client for the test's reads; it reconnects by itself after a restart, as the server's does.
    private StackExchange.Redis.IDatabase Database()
    {
        if (_client is null)
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 1000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            _client = StackExchange.Redis.ConnectionMultiplexer.Connect(options);
        }

        return _client.GetDatabase();
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            await Database().PingAsync();
            return true;
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Not up yet: the client's first connection attempt may still be waiting (a RedisTimeoutException).
            return false;
        }
    }
}

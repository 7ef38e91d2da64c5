using System.Net.Sockets;
using System.Text;

namespace EndToEnd.Infrastructure;

/// <summary>Debian's redis-server on 127.0.0.1, nothing saved to disk, started and stopped by the test.</summary>
public sealed class RedisProcess : IDisposable
{
    private ExternalProcess? _process;

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

    /// <summary>Runs one command (inline protocol) and returns the raw reply.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[65536];
        int read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <inheritdoc/>
    public void Dispose() => Kill();

    private async Task<bool> PingAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

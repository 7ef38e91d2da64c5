using System.Net;
using ControlPlane.Hosting;
using Ingest.Rtmp.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sfu.Core.Streams;

namespace EndToEnd.Infrastructure;

/// <summary>The real server process' application, started in the test process on free loopback ports.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDataDirectory;
    private Task? _disposal;

    private ServerUnderTest(WebApplication app, string? ownedDataDirectory, CapturedLogs logs)
    {
        _app = app;
        _ownedDataDirectory = ownedDataDirectory;
        Logs = logs;
    }

    /// <summary>Everything the server logged, at every level.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>The application's services, for what a test inspects directly.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The node's stream registry, for attaching test viewers.</summary>
    public StreamRegistry Registry => _app.Services.GetRequiredService<StreamRegistry>();

    /// <summary>RTMP port bound.</summary>
    public int RtmpPort => _app.Services.GetRequiredService<RtmpServer>().LocalEndPoint.Port;

    /// <summary>The shared WebRTC UDP port.</summary>
    public int WebRtcPort => _app.Services.GetRequiredService<Egress.WebRtc.Peers.WebRtcHost>().Port;

    /// <summary>Base URL of the HTTP endpoints.</summary>
    public Uri HttpBase => new($"http://{_app.Services.GetRequiredService<SfuListeners>().HttpEndPoint}");

    /// <summary>Base URL of the gRPC admin API (HTTP/2 without TLS).</summary>
    public Uri GrpcBase => new($"http://{_app.Services.GetRequiredService<SfuListeners>().GrpcEndPoint}");

    /// <summary>The WHEP sessions of the node.</summary>
    public Egress.WebRtc.Whep.WhepService Whep => _app.Services.GetRequiredService<Egress.WebRtc.Whep.WhepService>();

    /// <summary>The WHIP sessions (publishers).</summary>
    public Egress.WebRtc.Whip.WhipService Whip => _app.Services.GetRequiredService<Egress.WebRtc.Whip.WhipService>();

    /// <summary>Open RTMP connections.</summary>
    public int RtmpConnections => _app.Services.GetRequiredService<RtmpServer>().ActiveConnections;

    /// <summary>An RTMP publish URL for a stream key.</summary>
    public string RtmpUrl(string key) => $"rtmp://127.0.0.1:{RtmpPort}/live/{key}";

    /// <summary>
    /// Starts the server with extra configuration arguments. Unless they name a data directory, the server gets a
    /// fresh one that is deleted with it; shutdown does not wait for sessions to drain unless the arguments say so.
    /// </summary>
    public static async Task<ServerUnderTest> StartAsync(params string[] extraArgs)
    {
        string? ownedDataDirectory = null;
        List<string> defaults = ["--Sfu:Drain:ShutdownTimeout=00:00:00"];
        if (!extraArgs.Any(a => a.StartsWith("--Sfu:DataDirectory=", StringComparison.Ordinal)))
        {
            ownedDataDirectory = Directory.CreateTempSubdirectory("sfu-test-data-").FullName;
            defaults.Add($"--Sfu:DataDirectory={ownedDataDirectory}");
        }

        string[] args =
        [
            .. defaults,
            "--Sfu:HttpPort=0",
            "--Sfu:HttpListenAddress=127.0.0.1",
            "--Sfu:Admin:GrpcPort=0",
            "--Sfu:Admin:GrpcListenAddress=127.0.0.1",
            "--Sfu:Rtmp:Port=0",
            "--Sfu:Rtmp:ListenAddress=127.0.0.1",
            "--Sfu:WebRtc:Port=0",
            "--Sfu:WebRtc:ListenAddress=127.0.0.1",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var logs = new CapturedLogs();
        var app = SfuApplication.Build(args, builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Debug);
        });
        await app.StartAsync().ConfigureAwait(false);
        return new ServerUnderTest(app, ownedDataDirectory, logs);
    }

    /// <summary>Attaches a <see cref="StreamRecorder"/> the moment a stream of this name starts, before any media.</summary>
    public Task<StreamRecorder> RecordWhenStarted(string name)
    {
        var started = new TaskCompletionSource<StreamRecorder>(TaskCreationOptions.RunContinuationsAsynchronously);
        Registry.StreamStarted += stream =>
        {
            if (stream.Name == name)
            {
                started.TrySetResult(StreamRecorder.Attach(stream));
            }
        };
        return started.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout} waiting until {what}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until a stream with this name is live.</summary>
    public async Task<LiveStream> WaitForStreamAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Registry.TryGet(name, out var stream))
            {
                return stream;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException($"stream '{name}' did not start within {timeout}");
    }

    /// <summary>Stops the server (draining first, as SIGTERM does); later calls wait for the same shutdown.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_app)
        {
            _disposal ??= DisposeOnceAsync();
        }

        return new ValueTask(_disposal);
    }

    private async Task DisposeOnceAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownedDataDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_ownedDataDirectory, recursive: true);
        }
    }
}

using Ingest.Rtmp.Auth;
using Ingest.Rtmp.Publishing;
using Ingest.Rtmp.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Tests.Server;

/// <summary>A real <see cref="RtmpServer"/> on a free loopback port.</summary>
internal sealed class TestRtmpServer : IAsyncDisposable
{
    private TestRtmpServer(RtmpServer server, StreamRegistry registry)
    {
        Server = server;
        Registry = registry;
    }

    public RtmpServer Server { get; }

    public StreamRegistry Registry { get; }

    public int Port => Server.LocalEndPoint.Port;

    public static TestRtmpServer Start(Action<RtmpServerOptions>? configure = null, IPublishAuthorizer? authorizer = null)
    {
        // The fixtures are OBS-like High profile with B-frames; protocol tests forward them as they are.
        var options = new RtmpServerOptions { Port = 0, ListenAddress = "127.0.0.1", BFrames = BFramePolicy.Passthrough };
        configure?.Invoke(options);
        var registry = new StreamRegistry();
        var server = new RtmpServer(options, registry, authorizer ?? new OpenPublishAuthorizer(), NullLoggerFactory.Instance);
        server.Start();
        return new TestRtmpServer(server, registry);
    }

    public async Task WaitForConnectionsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Server.ActiveConnections != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Server.ActiveConnections} connections open, expected {count}");
            await Task.Delay(10);
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EndToEnd.Infrastructure;

/// <summary>
/// Stands in for an OpenTelemetry collector's OTLP/HTTP receiver: takes protobuf exports on /v1/traces, /v1/metrics
/// and /v1/logs and keeps them, so tests can check what an operator's collector would get.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The receiver's base URL.</summary>
    public Uri Endpoint => new(_app.Urls.First() + "/");

    /// <summary>Starts listening on a free loopback port.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue(("/v1/" + signal, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Requests received for one signal path (e.g. <c>/v1/traces</c>).</summary>
    public int CountOf(string path) => _exports.Count(e => e.Path == path);

    /// <summary>
    /// True when some export to <paramref name="path"/> carries <paramref name="text"/> (protobuf keeps strings as
    /// plain UTF-8, so span names, metric names and log messages can be found without decoding the messages).
    /// </summary>
    public bool Contains(string path, string text)
    {
        byte[] needle = Encoding.UTF8.GetBytes(text);
        return _exports.Any(e => e.Path == path && e.Body.AsSpan().IndexOf(needle) >= 0);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Sfu.Core.Streams;

namespace ControlPlane.Hosting;

/// <summary>Logs streams starting and ending, with what the publisher announced.</summary>
public sealed class StreamEventLogger : IHostedService
{
    private readonly StreamRegistry _registry;
    private readonly ILogger<StreamEventLogger> _logger;

    /// <summary>Subscribes to the registry's events.</summary>
    public StreamEventLogger(StreamRegistry registry, ILogger<StreamEventLogger> logger)
    {
        _registry = registry;
        _logger = logger;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registry.StreamStarted += OnStarted;
        _registry.StreamEnded += OnEnded;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registry.StreamStarted -= OnStarted;
        _registry.StreamEnded -= OnEnded;
        return Task.CompletedTask;
    }

    private void OnStarted(LiveStream stream) =>
        _logger.LogInformation("Stream '{Stream}' started by {Publisher}", stream.Name, stream.Publisher);

    private void OnEnded(LiveStream stream)
    {
        string tracks = string.Join(", ", stream.Tracks.Select(t => $"{t.Id} {t.Codec} {t.Counters.Frames} frames"));
        _logger.LogInformation("Stream '{Stream}' ended after {Duration:0.0}s ({Tracks})", stream.Name, (DateTimeOffset.UtcNow - stream.StartedAt).TotalSeconds, tracks);
    }
}

using Ingest.Rtmp.Server;
using Media.FFmpeg;

namespace ControlPlane.Hosting;

/// <summary>Runs the RTMP listener for the lifetime of the host.</summary>
public sealed class RtmpIngestService : IHostedService
{
    private readonly RtmpServer _server;
    private readonly ILogger<RtmpIngestService> _logger;

    /// <summary>Wraps the server created by dependency injection.</summary>
    public RtmpIngestService(RtmpServer server, ILogger<RtmpIngestService> logger)
    {
        _server = server;
        _logger = logger;
    }

    /// <summary>Why AAC cannot be turned into Opus for browsers, or null when the codec bridge works.</summary>
    public static string? CodecBridgeProblem => FFmpegAvailability.Reason;

    /// <summary>True once the RTMP port is bound.</summary>
    public bool IsListening { get; private set; }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server.Start();
        IsListening = true;
        if (CodecBridgeProblem is { } problem)
        {
            _logger.LogWarning("Codec bridge off, WebRTC viewers get video without audio: {Reason}. Install it with 'apt-get install ffmpeg'.", problem);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IsListening = false;
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}

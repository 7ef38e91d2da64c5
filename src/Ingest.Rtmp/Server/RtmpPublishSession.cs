using Sfu.Core.Sessions;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Server;

/// <summary>An RTMP encoder publishing a stream, as the operator sees it.</summary>
internal sealed class RtmpPublishSession : IMediaSession
{
    private readonly RtmpConnection _connection;
    private readonly LiveStream _stream;

    public RtmpPublishSession(RtmpConnection connection, LiveStream stream, string remoteAddress, string? keyId)
    {
        _connection = connection;
        _stream = stream;
        Id = $"rtmp-{connection.Id}";
        RemoteAddress = remoteAddress;
        KeyId = keyId;
    }

    public string Id { get; }

    public SessionRole Role => SessionRole.Publisher;

    public string Protocol => "rtmp";

    public string StreamName => _stream.Name;

    public string RemoteAddress { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public string? KeyId { get; }

    public SessionSnapshot Snapshot() => new()
    {
        PacketsReceived = _connection.MediaMessagesReceived,
        BytesReceived = _connection.BytesReceived,
    };

    public void Close(string reason) => _connection.Kick(reason);
}

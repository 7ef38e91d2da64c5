using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Ingest.Rtmp.Auth;
using Ingest.Rtmp.Handshake;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Publishing;
using Microsoft.Extensions.Logging;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Sessions;
using Sfu.Core.Streams;

namespace Ingest.Rtmp.Server;

/// <summary>One encoder's TCP connection: handshake, chunk stream, commands, and the media it publishes.</summary>
/// <remarks>
/// Everything for a connection runs on its own read loop: parse a message, act on it, write any reply.
/// A protocol violation ends only this connection, with the reason logged.
/// </remarks>
internal sealed partial class RtmpConnection
{
    private static readonly TimeSpan RefusalLinger = TimeSpan.FromSeconds(2);

    private readonly long _id;
    private readonly Socket _socket;
    private readonly RtmpServerOptions _options;
    private readonly StreamRegistry _registry;
    private readonly IPublishAuthorizer _authorizer;
    private readonly RtpPacketPool _packetPool;
    private readonly ILogger _logger;
    private readonly RtmpChunkReader _chunkReader;
    private readonly RtmpChunkWriter _chunkWriter = new();
    private readonly EndPoint? _remote;
    private readonly SessionRegistry? _sessions;
    private readonly RtmpSetupTrace _trace = new();
    private CancellationTokenSource? _lifetime;
    private volatile string? _kickReason;
    private long _mediaMessages;
    private long _keyframesBeforePublish;
    private PipeWriter _output = null!;
    private long _bytesReceived;
    private long _bytesAcknowledged;
    private uint _peerWindowSize;
    private bool _closeAfterFlush;
    private string? _closeReason;
    private bool _handshakeDone;

    public RtmpConnection(long id, Socket socket, RtmpServerOptions options, StreamRegistry registry, IPublishAuthorizer authorizer, RtpPacketPool packetPool, ILogger logger, SessionRegistry? sessions = null)
    {
        _id = id;
        _sessions = sessions;
        _socket = socket;
        _options = options;
        _registry = registry;
        _authorizer = authorizer;
        _packetPool = packetPool;
        _logger = logger;
        _remote = socket.RemoteEndPoint;
        _chunkReader = new RtmpChunkReader(options.MaxMessageSize);
    }

    /// <summary>Connection number on this server.</summary>
    public long Id => _id;

    /// <summary>Bytes read from the encoder so far.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Audio and video messages read from the encoder so far.</summary>
    public long MediaMessagesReceived => Volatile.Read(ref _mediaMessages);

    /// <summary>Closes the connection from another thread (operator kick, revoked key); the reason is logged.</summary>
    public void Kick(string reason)
    {
        _kickReason = reason;
        try
        {
            _lifetime?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        _socket.NoDelay = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _lifetime = timeout;
        if (_kickReason is not null)
        {
            return;
        }

        await using var network = new NetworkStream(_socket, ownsSocket: true);
        var input = PipeReader.Create(network, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        _output = PipeWriter.Create(network);
        string closeReason = "client closed the connection";
        bool encoderDropped = true;
        try
        {
            timeout.CancelAfter(_options.HandshakeTimeout);
            await HandshakeAsync(input, timeout.Token).ConfigureAwait(false);
            _logger.LogDebug("RTMP connection {Id} from {Remote}: handshake done", _id, _remote);
            await MessageLoopAsync(input, timeout).ConfigureAwait(false);
            if (_closeReason is not null)
            {
                closeReason = _closeReason;
                encoderDropped = false;
            }
        }
        catch (RtmpProtocolException ex)
        {
            closeReason = ex.Message;
            encoderDropped = false;
            _logger.LogWarning("RTMP connection {Id} from {Remote} closed: {Reason}", _id, _remote, ex.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            closeReason = "server shutting down";
            encoderDropped = false;
        }
        catch (OperationCanceledException) when (_kickReason is not null)
        {
            closeReason = _kickReason;
            encoderDropped = false;
            _logger.LogWarning("RTMP connection {Id} from {Remote} closed by the server: {Reason}", _id, _remote, closeReason);
        }
        catch (OperationCanceledException)
        {
            closeReason = _handshakeDone ? "idle timeout" : "handshake timeout";
            _logger.LogWarning("RTMP connection {Id} from {Remote} closed: {Reason}", _id, _remote, closeReason);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            closeReason = $"network error: {ex.Message}";
        }
        finally
        {
            // An encoder that vanished (network, crash) may come back: its stream waits; anything we decided ends it.
            EndPublishing(closeReason, notifyEncoder: false, waitForReconnect: encoderDropped);
            _trace.Finish(closeReason);
            _lifetime = null;
            _chunkReader.Dispose();
            await input.CompleteAsync().ConfigureAwait(false);
            await _output.CompleteAsync().ConfigureAwait(false);
            _logger.LogInformation("RTMP connection {Id} from {Remote} ended: {Reason}", _id, _remote, closeReason);
        }
    }

    private async Task HandshakeAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var c0c1 = await ReadExactlyAsync(input, 1 + RtmpHandshake.PacketSize, cancellationToken).ConfigureAwait(false);
        var response = new byte[1 + (2 * RtmpHandshake.PacketSize)];
        if (!RtmpHandshake.TryCreateServerResponse(c0c1, response, out string? error))
        {
            throw new RtmpProtocolException($"handshake refused: {error}");
        }

        await _output.WriteAsync(response, cancellationToken).ConfigureAwait(false);

        // Clients may send anything as C2 (many echo S1, some don't); it is read and ignored.
        await ReadExactlyAsync(input, RtmpHandshake.PacketSize, cancellationToken).ConfigureAwait(false);
        _handshakeDone = true;
        _trace.HandshakeDone();
    }

    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                input.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }

            if (result.IsCompleted)
            {
                throw new RtmpProtocolException($"connection closed during the handshake ({buffer.Length} of {count} bytes)");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task MessageLoopAsync(PipeReader input, CancellationTokenSource timeout)
    {
        while (!_closeAfterFlush)
        {
            timeout.CancelAfter(_options.IdleTimeout);
            var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            long before = buffer.Length;
            while (!_closeAfterFlush && TryReadMessage(ref buffer, out var message))
            {
                await HandleMessageAsync(message, timeout.Token).ConfigureAwait(false);
            }

            _bytesReceived += before - buffer.Length;
            input.AdvanceTo(buffer.Start, buffer.End);
            if (_closeAfterFlush)
            {
                await _output.FlushAsync(timeout.Token).ConfigureAwait(false);
                await LingerAsync(input).ConfigureAwait(false);
                return;
            }

            await AcknowledgeIfDueAsync(timeout.Token).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// After a refusal, keep reading (and dropping) for a moment before closing: an encoder that is mid-write
    /// only reads our status message on its next write, and would otherwise see a bare broken pipe.
    /// </summary>
    private static async Task LingerAsync(PipeReader input)
    {
        using var linger = new CancellationTokenSource(RefusalLinger);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(linger.Token).ConfigureAwait(false);
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool TryReadMessage(ref ReadOnlySequence<byte> buffer, out RtmpMessage message)
    {
        var reader = new SequenceReader<byte>(buffer);
        bool complete = _chunkReader.TryReadMessage(ref reader, out message);
        buffer = buffer.Slice(reader.Position);
        return complete;
    }

    private async ValueTask AcknowledgeIfDueAsync(CancellationToken cancellationToken)
    {
        if (_peerWindowSize == 0 || _bytesReceived - _bytesAcknowledged < _peerWindowSize)
        {
            return;
        }

        _bytesAcknowledged = _bytesReceived;
        ProtocolControl.WriteAcknowledgement(_chunkWriter, _output, unchecked((uint)_bytesReceived));
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask HandleMessageAsync(RtmpMessage message, CancellationToken cancellationToken)
    {
        switch (message.Type)
        {
            case RtmpMessageType.SetChunkSize:
                _chunkReader.SetChunkSize(ProtocolControl.ReadUInt32(message.Payload.Span, message.Type));
                break;
            case RtmpMessageType.Abort:
                _chunkReader.Abort((int)ProtocolControl.ReadUInt32(message.Payload.Span, message.Type));
                break;
            case RtmpMessageType.WindowAcknowledgementSize:
                _peerWindowSize = ProtocolControl.ReadUInt32(message.Payload.Span, message.Type);
                break;
            case RtmpMessageType.Acknowledgement:
            case RtmpMessageType.SetPeerBandwidth:
                break;
            case RtmpMessageType.UserControl:
                return HandleUserControlAsync(message.Payload, cancellationToken);
            case RtmpMessageType.CommandAmf0:
                return HandleCommandAsync(message, message.Payload, cancellationToken);
            case RtmpMessageType.CommandAmf3:
                // An AMF3 command starts with a format byte (0) and is AMF0 from there on.
                return HandleCommandAsync(message, SkipAmf3FormatByte(message.Payload), cancellationToken);
            case RtmpMessageType.DataAmf0:
                HandleData(message.Payload);
                break;
            case RtmpMessageType.DataAmf3:
                HandleData(SkipAmf3FormatByte(message.Payload));
                break;
            case RtmpMessageType.Audio:
            case RtmpMessageType.Video:
                OnMedia(message.Type, message.Timestamp, message.Payload);
                break;
            case RtmpMessageType.Aggregate:
                HandleAggregate(message);
                break;
            default:
                _logger.LogDebug("RTMP connection {Id}: ignoring message type {Type}", _id, (int)message.Type);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnMedia(RtmpMessageType type, uint timestamp, ReadOnlyMemory<byte> body)
    {
        if (_publisher is null)
        {
            return;
        }

        try
        {
            _mediaMessages++;
            if (type == RtmpMessageType.Video)
            {
                _publisher.OnVideo(timestamp, body);
                if (_trace.WaitingForKeyframe && _publisher.Stream.FindTrack(MediaKind.Video)?.Counters.Keyframes > _keyframesBeforePublish)
                {
                    _trace.FirstKeyframe();
                }
            }
            else
            {
                _publisher.OnAudio(timestamp, body);
            }
        }
        catch (UnsupportedMediaException ex)
        {
            WriteStatus(_publishStreamId, "error", "NetStream.Publish.Rejected", ex.Message);
            Refuse($"stream '{_publisher.Stream.Name}' refused: {ex.Message}");
        }
    }

    private void Refuse(string reason)
    {
        _closeAfterFlush = true;
        _closeReason = reason;
        _logger.LogWarning("RTMP connection {Id} from {Remote}: {Reason}", _id, _remote, reason);
    }

    private static ReadOnlyMemory<byte> SkipAmf3FormatByte(ReadOnlyMemory<byte> payload) =>
        payload.Length > 0 ? payload[1..] : throw new RtmpProtocolException("empty AMF3 message");

    private async ValueTask HandleUserControlAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length < 2)
        {
            throw new RtmpProtocolException($"User Control message has {payload.Length} bytes; it needs at least 2.");
        }

        var type = (UserControlEventType)((payload.Span[0] << 8) | payload.Span[1]);
        if (type == UserControlEventType.PingRequest)
        {
            uint value = ProtocolControl.ReadUInt32(payload.Span[2..], RtmpMessageType.UserControl);
            ProtocolControl.WriteUserControl(_chunkWriter, _output, UserControlEventType.PingResponse, value);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void HandleAggregate(RtmpMessage message)
    {
        // An aggregate is a run of FLV tags: 11-byte header, body, 4-byte back pointer. Sub-tag times are
        // shifted so the first one carries the aggregate's own timestamp.
        var span = message.Payload.Span;
        int offset = 0;
        uint? firstTagTime = null;
        while (offset < span.Length)
        {
            if (span.Length - offset < 11)
            {
                throw new RtmpProtocolException("aggregate message ends inside an FLV tag header");
            }

            var type = (RtmpMessageType)(span[offset] & 0x1F);
            int size = (span[offset + 1] << 16) | (span[offset + 2] << 8) | span[offset + 3];
            uint time = (uint)((span[offset + 7] << 24) | (span[offset + 4] << 16) | (span[offset + 5] << 8) | span[offset + 6]);
            if (span.Length - offset - 11 < size)
            {
                throw new RtmpProtocolException($"aggregate sub-tag of {size} bytes runs past the message end");
            }

            firstTagTime ??= time;
            uint timestamp = unchecked(message.Timestamp + (time - firstTagTime.Value));
            var body = message.Payload.Slice(offset + 11, size);
            if (type is RtmpMessageType.Audio or RtmpMessageType.Video)
            {
                OnMedia(type, timestamp, body);
            }

            offset += 11 + size + 4;
        }
    }
}

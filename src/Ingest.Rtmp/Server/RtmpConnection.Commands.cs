using System.Buffers;
using Ingest.Rtmp.Amf;
using Ingest.Rtmp.Auth;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Publishing;
using Microsoft.Extensions.Logging;

namespace Ingest.Rtmp.Server;

/// <summary>NetConnection and NetStream commands: what encoders send and the replies they wait for.</summary>
internal sealed partial class RtmpConnection
{
    // Chunk streams media servers conventionally answer on: 3 for NetConnection, 5 for NetStream status.
    private const int CommandChunkStream = 3;
    private const int StatusChunkStream = 5;

    private readonly ArrayBufferWriter<byte> _amf = new(512);
    private string? _application;
    private string? _tcUrl;
    private double _objectEncoding;
    private uint _nextStreamId = 1;
    private RtmpPublisher? _publisher;
    private RtmpPublishSession? _session;
    private uint _publishStreamId;

    private async ValueTask HandleCommandAsync(RtmpMessage message, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        List<object?> values;
        try
        {
            values = new Amf0Reader(body.Span).ReadAll();
        }
        catch (AmfFormatException ex)
        {
            throw new RtmpProtocolException($"malformed AMF command: {ex.Message}", ex);
        }

        if (values.Count < 1 || values[0] is not string name)
        {
            throw new RtmpProtocolException("command message does not start with a command name");
        }

        double transactionId = values.Count > 1 && values[1] is double id ? id : 0;
        switch (name)
        {
            case "connect":
                OnConnect(transactionId, values.Count > 2 ? values[2] as AmfObject : null);
                break;
            case "createStream":
                WriteCommand(CommandChunkStream, 0, "_result", transactionId, null, (double)_nextStreamId++);
                break;
            case "releaseStream":
            case "FCPublish":
            case "FCUnpublish":
                if (transactionId > 0)
                {
                    WriteCommand(CommandChunkStream, 0, "_result", transactionId, null, AmfUndefined.Instance);
                }

                if (name == "FCUnpublish")
                {
                    EndPublishing("encoder sent FCUnpublish", notifyEncoder: true);
                }

                break;
            case "publish":
                await OnPublishAsync(message.StreamId, values, cancellationToken).ConfigureAwait(false);
                break;
            case "deleteStream":
            case "closeStream":
                EndPublishing($"encoder sent {name}", notifyEncoder: true);
                break;
            case "play":
            case "play2":
                WriteStatus(message.StreamId, "error", "NetStream.Play.Failed", "Playback over RTMP is not offered; play the stream over WHEP.");
                break;
            default:
                _logger.LogDebug("RTMP connection {Id}: ignoring command {Command}", _id, name);
                break;
        }

        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnConnect(double transactionId, AmfObject? command)
    {
        if (command is null)
        {
            throw new RtmpProtocolException("connect has no command object");
        }

        string app = command.GetString("app") ?? string.Empty;
        int query = app.IndexOf('?', StringComparison.Ordinal);
        _application = (query >= 0 ? app[..query] : app).TrimEnd('/');
        _tcUrl = command.GetString("tcUrl");
        _trace.Connected(_tcUrl);
        _objectEncoding = command.TryGetValue("objectEncoding", out var encoding) && encoding is double e ? e : 0;

        if (!string.Equals(_application, _options.Application, StringComparison.Ordinal))
        {
            WriteCommand(CommandChunkStream, 0, "_error", transactionId, null, StatusObject(
                "error",
                "NetConnection.Connect.Rejected",
                $"Unknown application '{_application}'; publish to rtmp://host/{_options.Application}/<stream key>."));
            Refuse($"connect refused: unknown application '{_application}'");
            return;
        }

        ProtocolControl.WriteWindowAcknowledgementSize(_chunkWriter, _output, _options.WindowAcknowledgementSize);
        ProtocolControl.WriteSetPeerBandwidth(_chunkWriter, _output, _options.WindowAcknowledgementSize);
        ProtocolControl.WriteSetChunkSize(_chunkWriter, _output, _options.OutgoingChunkSize);
        _chunkWriter.ChunkSize = _options.OutgoingChunkSize;

        var properties = new AmfObject
        {
            ["fmsVer"] = "FMS/3,5,7,7009",
            ["capabilities"] = 31.0,
            ["mode"] = 1.0,
        };
        var information = StatusObject("status", "NetConnection.Connect.Success", "Connection succeeded.");
        information["objectEncoding"] = _objectEncoding;
        WriteCommand(CommandChunkStream, 0, "_result", transactionId, properties, information);
        _logger.LogDebug("RTMP connection {Id}: connect app={App} tcUrl={TcUrl} objectEncoding={Encoding}", _id, _application, _tcUrl, _objectEncoding);
    }

    private async ValueTask OnPublishAsync(uint streamId, List<object?> values, CancellationToken cancellationToken)
    {
        if (_application is null)
        {
            throw new RtmpProtocolException("publish before connect");
        }

        if (_publisher is not null)
        {
            throw new RtmpProtocolException("publish while already publishing");
        }

        string rawKey = values.Count > 3 && values[3] is string key ? key : string.Empty;
        int query = rawKey.IndexOf('?', StringComparison.Ordinal);
        string streamKey = query >= 0 ? rawKey[..query] : rawKey;
        var parameters = ParseQuery(query >= 0 ? rawKey[(query + 1)..] : null);

        var request = new PublishRequest(_application, streamKey, parameters, _remote);
        var decision = await _authorizer.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed || decision.StreamName is null)
        {
            RefusePublish(streamId, "NetStream.Publish.Denied", decision.Reason ?? "Publishing refused.", RedactedKey(streamKey));
            return;
        }

        if (!_registry.TryStart(decision.StreamName, new Sfu.Core.Streams.PublisherEndpoint("rtmp", _remote?.ToString() ?? "unknown"), out var stream))
        {
            RefusePublish(streamId, "NetStream.Publish.BadName", $"Stream '{decision.StreamName}' is already being published.", decision.StreamName);
            return;
        }

        bool resumed = stream.Tracks.Count > 0;
        _keyframesBeforePublish = stream.FindTrack(Sfu.Core.Media.MediaKind.Video)?.Counters.Keyframes ?? 0;
        stream.Ended += OnStreamEndedElsewhere;
        _publisher = new RtmpPublisher(stream, _options, _packetPool, _logger);
        _publishStreamId = streamId;
        _session = new RtmpPublishSession(this, stream, _remote?.ToString() ?? "unknown", decision.KeyId);
        _sessions?.Add(_session);

        // A key revoked between the check above and the session becoming visible would be missed by the revocation's
        // scan of live sessions; checking again now that the session is visible closes that window.
        if (decision.KeyId is not null
            && await _authorizer.AuthorizeAsync(request, cancellationToken).ConfigureAwait(false) is { Allowed: false } recheck)
        {
            EndPublishing(recheck.Reason ?? "publish key no longer valid", notifyEncoder: false);
            RefusePublish(streamId, "NetStream.Publish.Denied", recheck.Reason ?? "Publishing refused.", RedactedKey(streamKey));
            return;
        }

        _trace.Publishing(stream.Name, _remote?.ToString());
        ProtocolControl.WriteUserControl(_chunkWriter, _output, UserControlEventType.StreamBegin, streamId);
        WriteStatus(streamId, "status", "NetStream.Publish.Start", $"Publishing '{decision.StreamName}'.");
        _logger.LogInformation(
            resumed ? "RTMP connection {Id} from {Remote} reconnected: continuing stream '{Stream}' for its viewers" : "RTMP connection {Id} from {Remote} publishing stream '{Stream}'",
            _id,
            _remote,
            decision.StreamName);
    }

    /// <summary>
    /// A refused stream key as logs may show it: the key can be a publish secret (a mistyped or revoked one is
    /// still someone's secret), so only its length and last characters are kept.
    /// </summary>
    private static string RedactedKey(string streamKey) =>
        streamKey.Length <= 8 ? new string('*', streamKey.Length) : $"{streamKey.Length} characters ending '…{streamKey[^4..]}'";

    /// <summary>The stream was ended by someone else (an operator's StopStream): this encoder has nothing to feed.</summary>
    private void OnStreamEndedElsewhere(Sfu.Core.Streams.LiveStream stream) => Kick($"stream '{stream.Name}' was ended");

    private void RefusePublish(uint streamId, string code, string reason, string streamKey)
    {
        WriteStatus(streamId, "error", code, reason);
        Refuse($"publish of '{streamKey}' refused ({code}): {reason}");
    }

    private void EndPublishing(string reason, bool notifyEncoder, bool waitForReconnect = false)
    {
        if (_publisher is null)
        {
            return;
        }

        var publisher = _publisher;
        _publisher = null;
        publisher.Stream.Ended -= OnStreamEndedElsewhere;
        if (_session is not null)
        {
            _sessions?.Remove(_session, reason);
            _session = null;
        }

        publisher.Dispose();
        if (waitForReconnect && _options.ReconnectGrace > TimeSpan.Zero)
        {
            _registry.Suspend(publisher.Stream, _options.ReconnectGrace);
            _logger.LogInformation(
                "RTMP stream '{Stream}' lost its encoder ({Reason}); viewers stay connected for {Grace:0} s while it may reconnect",
                publisher.Stream.Name,
                reason,
                _options.ReconnectGrace.TotalSeconds);
            return;
        }

        _registry.End(publisher.Stream);
        if (notifyEncoder)
        {
            WriteStatus(_publishStreamId, "status", "NetStream.Unpublish.Success", $"Stopped publishing '{publisher.Stream.Name}'.");
        }

        _logger.LogInformation("RTMP stream '{Stream}' ended: {Reason}", publisher.Stream.Name, reason);
    }

    private void HandleData(ReadOnlyMemory<byte> body)
    {
        List<object?> values;
        try
        {
            values = new Amf0Reader(body.Span).ReadAll();
        }
        catch (AmfFormatException ex)
        {
            throw new RtmpProtocolException($"malformed AMF data message: {ex.Message}", ex);
        }

        // ffmpeg and OBS send ["@setDataFrame", "onMetaData", {...}]; older tools send ["onMetaData", {...}].
        int index = values.Count > 0 && values[0] is "@setDataFrame" ? 1 : 0;
        if (values.Count > index + 1 && values[index] is "onMetaData" && values[index + 1] is AmfObject metadata)
        {
            _publisher?.OnMetadata(metadata);
        }
    }

    private static AmfObject StatusObject(string level, string code, string description) => new()
    {
        ["level"] = level,
        ["code"] = code,
        ["description"] = description,
    };

    private void WriteStatus(uint streamId, string level, string code, string description) =>
        WriteCommand(StatusChunkStream, streamId, "onStatus", 0, null, StatusObject(level, code, description));

    private void WriteCommand(int chunkStreamId, uint streamId, string name, double transactionId, object? commandObject, object? argument)
    {
        _amf.ResetWrittenCount();
        var writer = new Amf0Writer(_amf);
        writer.WriteValue(name);
        writer.WriteValue(transactionId);
        writer.WriteValue(commandObject);
        writer.WriteValue(argument);
        _chunkWriter.Write(_output, chunkStreamId, RtmpMessageType.CommandAmf0, streamId, 0, _amf.WrittenSpan);
    }

    private static Dictionary<string, string> ParseQuery(string? query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair);
            result[name] = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..]) : string.Empty;
        }

        return result;
    }
}

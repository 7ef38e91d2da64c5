using System.Buffers;
using System.Net.Sockets;
using Ingest.Rtmp.Amf;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Tests.Protocol;

namespace Ingest.Rtmp.Tests.Server;

/// <summary>A scripted RTMP client for driving the real server through exact protocol exchanges.</summary>
internal sealed class RtmpTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly RtmpChunkReader _reader = new(16 << 20);
    private readonly List<byte> _received = [];
    private readonly byte[] _buffer = new byte[65536];
    private NetworkStream _stream = null!;

    public ChunkEncoder Encoder { get; } = new();

    public static async Task<RtmpTestClient> ConnectAsync(int port, bool handshake = true)
    {
        var client = new RtmpTestClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        if (handshake)
        {
            await client.HandshakeAsync();
        }

        return client;
    }

    public async Task HandshakeAsync()
    {
        var c0c1 = new byte[1537];
        c0c1[0] = 3;
        Random.Shared.NextBytes(c0c1.AsSpan(9));
        await _stream.WriteAsync(c0c1);
        var response = new byte[3073];
        await _stream.ReadExactlyAsync(response);
        await _stream.WriteAsync(response.AsMemory(1, 1536));
    }

    /// <summary>Sends everything the encoder has buffered since the last send.</summary>
    public async Task FlushAsync()
    {
        var bytes = Encoder.ToArray();
        Encoder.Reset();
        await _stream.WriteAsync(bytes);
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public void Command(uint streamId, params object?[] values) =>
        Encoder.Write(streamId == 0 ? 3 : 8, RtmpMessageType.CommandAmf0, streamId, 0, Amf(values));

    public static byte[] Amf(params object?[] values)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new Amf0Writer(output);
        foreach (var value in values)
        {
            writer.WriteValue(value);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>connect + createStream + publish, returning the server's messages up to the publish status.</summary>
    public async Task<List<ServerMessage>> PublishAsync(string key, string app = "live")
    {
        Command(0, "connect", 1.0, new AmfObject { ["app"] = app, ["type"] = "nonprivate", ["tcUrl"] = $"rtmp://127.0.0.1/{app}" });
        Command(0, "releaseStream", 2.0, null, key);
        Command(0, "FCPublish", 3.0, null, key);
        Command(0, "createStream", 4.0, null);
        Command(1, "publish", 5.0, null, key, "live");
        await FlushAsync();
        return await ReadUntilAsync(m => m.Status is not null, TimeSpan.FromSeconds(10));
    }

    /// <summary>Reads server messages until one matches or the server closes; returns all read.</summary>
    public async Task<List<ServerMessage>> ReadUntilAsync(Func<ServerMessage, bool> stop, TimeSpan timeout)
    {
        var messages = new List<ServerMessage>();
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            while (TryParse(out var message))
            {
                messages.Add(message);
                if (stop(message))
                {
                    return messages;
                }
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer, cancel.Token);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                return messages;
            }

            _received.AddRange(_buffer.AsSpan(0, read));
        }
    }

    /// <summary>True when the server closes the connection within the timeout.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await _stream.ReadAsync(_buffer, cancel.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _tcp.Dispose();
        await Task.CompletedTask;
    }

    private bool TryParse(out ServerMessage message)
    {
        var sequence = new ReadOnlySequence<byte>(_received.ToArray());
        var reader = new SequenceReader<byte>(sequence);
        bool complete = _reader.TryReadMessage(ref reader, out var raw);
        _received.RemoveRange(0, (int)reader.Consumed);
        if (!complete)
        {
            message = null!;
            return false;
        }

        if (raw.Type == RtmpMessageType.SetChunkSize)
        {
            _reader.SetChunkSize(ProtocolControl.ReadUInt32(raw.Payload.Span, raw.Type));
        }

        List<object?>? values = raw.Type == RtmpMessageType.CommandAmf0 ? new Amf0Reader(raw.Payload.Span).ReadAll() : null;
        message = new ServerMessage(raw.Type, raw.StreamId, raw.Payload.ToArray(), values);
        return true;
    }
}

/// <summary>A message the server sent, with its AMF values when it is a command.</summary>
internal sealed record ServerMessage(RtmpMessageType Type, uint StreamId, byte[] Payload, List<object?>? Values)
{
    public string? Name => Values is { Count: > 0 } ? Values[0] as string : null;

    /// <summary>The info object of an onStatus, _result or _error (the fourth value).</summary>
    public AmfObject? Info => Values is { Count: > 3 } ? Values[3] as AmfObject : null;

    /// <summary>The status code of an onStatus command.</summary>
    public string? Status => Name == "onStatus" ? Info?.GetString("code") : null;
}

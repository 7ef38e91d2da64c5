using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Publishing;
using Ingest.Rtmp.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Bench.Ingest;

/// <summary>The RTMP ingest path, bytes in to RTP packets out: chunk reassembly, FLV parsing, H.264 packetization.</summary>
/// <remarks>One operation is one RTMP message of a real 720p30 2.5 Mbit/s + AAC session (OperationsPerInvoke).</remarks>
[MemoryDiagnoser]
public class RtmpIngestBenchmark
{
    private const double Seconds = 10;
    private const int ChunkSize = 4096;
    private byte[] _chunkStream = [];
    private int _messages;
    private StreamRegistry _registry = null!;
    private readonly RtpPacketPool _pool = new();
    private readonly CountingSink _sink = new();
    private int _run;

    /// <summary>Messages (audio + video) in the recorded session.</summary>
    public int Messages => _messages;

    [GlobalSetup]
    public void Setup()
    {
        _chunkStream = RecordedEncoderSession.Chunked(RecordedEncoderSession.Tags(Seconds), ChunkSize, out _messages);
        _registry = new StreamRegistry();
        ReadAndPublish();
    }

    /// <summary>Chunk reassembly alone: the floor any ingest must pay.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public int ChunkReassemblyOnly()
    {
        using var reader = new RtmpChunkReader(16 << 20);
        reader.SetChunkSize(ChunkSize);
        var sequence = new SequenceReader<byte>(new ReadOnlySequence<byte>(_chunkStream));
        int count = 0;
        while (reader.TryReadMessage(ref sequence, out _))
        {
            count++;
        }

        return count;
    }

    /// <summary>Bytes in, RTP packets delivered to a sink: the whole per-message ingest cost.</summary>
    [Benchmark(OperationsPerInvoke = 1)]
    public int ChunksToRtpPackets() => ReadAndPublish();

    private int ReadAndPublish()
    {
        if (!_registry.TryStart("bench-" + _run++, new PublisherEndpoint("bench", "local"), out var stream))
        {
            throw new InvalidOperationException("stream name collision");
        }

        stream.TrackAdded += (_, track) => track.AddPacketSink(_sink);
        using var publisher = new RtmpPublisher(stream, new RtmpServerOptions(), _pool, NullLogger.Instance);
        using var reader = new RtmpChunkReader(16 << 20);
        reader.SetChunkSize(ChunkSize);
        var sequence = new SequenceReader<byte>(new ReadOnlySequence<byte>(_chunkStream));
        while (reader.TryReadMessage(ref sequence, out var message))
        {
            if (message.Type == RtmpMessageType.Video)
            {
                publisher.OnVideo(message.Timestamp, message.Payload);
            }
            else
            {
                publisher.OnAudio(message.Timestamp, message.Payload);
            }
        }

        _registry.End(stream);
        return _sink.Packets;
    }

    private sealed class CountingSink : IRtpPacketSink
    {
        public int Packets;

        public void OnPacket(MediaTrack track, RtpPacket packet) => Packets++;
    }
}

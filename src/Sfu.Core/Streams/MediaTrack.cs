using Sfu.Core.Media;
using Sfu.Core.Rtp;

namespace Sfu.Core.Streams;

/// <summary>One media track of a live stream: its codec and the packets or frames its publisher produces.</summary>
/// <remarks>Delivery is synchronous on the publisher's thread; sinks hand work to their own workers.</remarks>
public sealed class MediaTrack
{
    private readonly SinkList<IRtpPacketSink> _packetSinks = new();
    private readonly SinkList<IMediaFrameSink> _frameSinks = new();
    private MediaCodec _codec;

    /// <summary>Creates a track; <paramref name="id"/> is unique within its stream (e.g. <c>video</c>).</summary>
    public MediaTrack(string id, MediaKind kind, MediaCodec codec, uint ssrc)
    {
        Id = id;
        Kind = kind;
        _codec = codec;
        Ssrc = ssrc;
    }

    /// <summary>Track id within the stream.</summary>
    public string Id { get; }

    /// <summary>Audio or video.</summary>
    public MediaKind Kind { get; }

    /// <summary>SSRC the source packets carry (viewers see their own, rewritten).</summary>
    public uint Ssrc { get; }

    /// <summary>Current codec; changes when the publisher sends a new sequence header.</summary>
    public MediaCodec Codec => Volatile.Read(ref _codec);

    /// <summary>Codec configuration bytes (H.264 SPS/PPS record, AAC AudioSpecificConfig).</summary>
    public ReadOnlyMemory<byte> CodecConfig { get; private set; }

    /// <summary>Video width from the bitstream, when known.</summary>
    public int? Width { get; private set; }

    /// <summary>Video height from the bitstream, when known.</summary>
    public int? Height { get; private set; }

    /// <summary>Totals for monitoring.</summary>
    public TrackCounters Counters { get; } = new();

    /// <summary>Raised after <see cref="UpdateCodec"/> changes the codec or its configuration.</summary>
    public event Action<MediaTrack>? CodecChanged;

    /// <summary>Records a new codec configuration (a publisher's new sequence header).</summary>
    public void UpdateCodec(MediaCodec codec, ReadOnlyMemory<byte> config, int? width = null, int? height = null)
    {
        Volatile.Write(ref _codec, codec);
        CodecConfig = config;
        Width = width;
        Height = height;
        CodecChanged?.Invoke(this);
    }

    /// <summary>Starts delivering packets to <paramref name="sink"/>.</summary>
    public void AddPacketSink(IRtpPacketSink sink) => _packetSinks.Add(sink);

    /// <summary>Stops delivering packets to <paramref name="sink"/>.</summary>
    public bool RemovePacketSink(IRtpPacketSink sink) => _packetSinks.Remove(sink);

    /// <summary>Starts delivering frames to <paramref name="sink"/>.</summary>
    public void AddFrameSink(IMediaFrameSink sink) => _frameSinks.Add(sink);

    /// <summary>Stops delivering frames to <paramref name="sink"/>.</summary>
    public bool RemoveFrameSink(IMediaFrameSink sink) => _frameSinks.Remove(sink);

    /// <summary>Hands one packet to every sink; the caller keeps (and later releases) its own reference.</summary>
    public void PublishPacket(RtpPacket packet)
    {
        Counters.AddPacket(packet.Length);
        foreach (var sink in _packetSinks.Items)
        {
            sink.OnPacket(this, packet);
        }
    }

    /// <summary>Counts one access unit that went out as RTP packets.</summary>
    public void CountFrame(bool keyframe) => Counters.AddFrame(keyframe, 0);

    /// <summary>Hands one coded frame to every frame sink.</summary>
    public void PublishFrame(in MediaFrame frame)
    {
        Counters.AddFrame(frame.IsKeyframe, frame.Data.Length);
        foreach (var sink in _frameSinks.Items)
        {
            sink.OnFrame(this, frame);
        }
    }
}

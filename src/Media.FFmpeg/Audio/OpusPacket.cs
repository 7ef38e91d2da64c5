namespace Media.FFmpeg.Audio;

/// <summary>One encoded 20 ms Opus packet; <see cref="Data"/> is only valid during the sink callback.</summary>
public readonly ref struct OpusPacket
{
    public OpusPacket(ReadOnlySpan<byte> data, long timestamp)
    {
        Data = data;
        Timestamp = timestamp;
    }

    /// <summary>Encoded Opus bytes (one RTP payload).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>48 kHz timestamp of the packet; advances by <see cref="AacToOpusTranscoder.FrameSamples"/> per packet.</summary>
    public long Timestamp { get; }
}

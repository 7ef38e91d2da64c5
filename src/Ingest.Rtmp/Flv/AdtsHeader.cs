namespace Ingest.Rtmp.Flv;

/// <summary>Builds the 7-byte ADTS header (no CRC) that turns a raw AAC frame into a self-framed .aac stream.</summary>
public static class AdtsHeader
{
    /// <summary>Header length in bytes (protection_absent = 1, so no CRC).</summary>
    public const int Length = 7;

    /// <summary>Largest aac_frame_length (13 bits), which counts the header too.</summary>
    public const int MaxFrameLength = 0x1FFF;

    /// <summary>
    /// Writes the header for a raw frame of <paramref name="rawFrameLength"/> bytes. Returns false when ADTS cannot
    /// describe the stream (960-sample frames, a PCE-defined or &gt;7 channel layout, a non-table sampling rate),
    /// the frame is too long, or <paramref name="destination"/> is shorter than <see cref="Length"/>.
    /// </summary>
    public static bool TryWrite(AudioSpecificConfig config, int rawFrameLength, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(config);

        var frameLength = rawFrameLength + Length;
        var frequencyIndex = config.SamplingFrequencyIndex == AacSamplingFrequencies.ExplicitIndex
            ? AacSamplingFrequencies.IndexOf(config.SampleRate)
            : config.SamplingFrequencyIndex;

        if (destination.Length < Length
            || rawFrameLength < 0
            || frameLength > MaxFrameLength
            || frequencyIndex < 0
            || config.SamplesPerFrame != 1024
            || config.ChannelConfiguration is < 1 or > 7
            || config.ObjectType is < 1 or > 4)
        {
            return false;
        }

        // ADTS cannot signal SBR/PS, so it carries the core profile and rate; decoders find SBR implicitly, as with ffmpeg's muxer.
        var profile = config.ObjectType - 1;
        var channels = config.ChannelConfiguration;
        destination[0] = 0xFF;
        destination[1] = 0xF1; // syncword low nibble, MPEG-4, layer 0, protection_absent
        destination[2] = (byte)((profile << 6) | (frequencyIndex << 2) | (channels >> 2));
        destination[3] = (byte)(((channels & 0x03) << 6) | (frameLength >> 11));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 0x07) << 5) | 0x1F); // buffer fullness 0x7FF = VBR
        destination[6] = 0xFC; // rest of buffer fullness, one raw data block
        return true;
    }
}

namespace Media.FFmpeg.Audio;

/// <summary>Builds the 7-byte ADTS header (no CRC) that lets libavcodec decode raw AAC frames without extradata.</summary>
public static class AdtsHeader
{
    /// <summary>Header length without CRC.</summary>
    public const int Length = 7;

    /// <summary>Largest frame_length ADTS can express (13 bits), header included.</summary>
    public const int MaxFrameLength = (1 << 13) - 1;

    /// <summary>Writes the header for a raw AAC frame of <paramref name="payloadLength"/> bytes.</summary>
    public static void Write(Span<byte> destination, AacAudioSpecificConfig config, int payloadLength)
    {
        var frameLength = payloadLength + Length;
        if (payloadLength < 0 || frameLength > MaxFrameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "Does not fit ADTS frame_length.");
        }

        var profile = config.ObjectType - 1;
        destination[0] = 0xFF;
        destination[1] = 0xF1; // MPEG-4, layer 0, protection_absent
        destination[2] = (byte)((profile << 6) | (config.SamplingIndex << 2) | ((config.ChannelConfiguration >> 2) & 1));
        destination[3] = (byte)(((config.ChannelConfiguration & 3) << 6) | ((frameLength >> 11) & 3));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 7) << 5) | 0x1F); // buffer fullness 0x7FF = VBR
        destination[6] = 0xFC;
    }
}

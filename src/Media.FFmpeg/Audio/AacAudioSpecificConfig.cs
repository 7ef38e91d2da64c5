namespace Media.FFmpeg.Audio;

/// <summary>The parts of an MPEG-4 AudioSpecificConfig (ISO 14496-3 1.6.2.1) needed to frame raw AAC as ADTS.</summary>
/// <param name="ObjectType">Core audio object type: 1 Main, 2 LC, 4 LTP (HE-AAC signalling is reduced to its core).</param>
/// <param name="SamplingIndex">ADTS sampling_frequency_index of the core (0..12).</param>
/// <param name="SampleRate">Core sample rate in Hz; the unit of input timestamps.</param>
/// <param name="ChannelConfiguration">channelConfiguration 1..7.</param>
public readonly record struct AacAudioSpecificConfig(int ObjectType, int SamplingIndex, int SampleRate, int ChannelConfiguration)
{
    /// <summary>Samples per raw AAC frame at <see cref="SampleRate"/> (the core rate, also for HE-AAC).</summary>
    public const int SamplesPerFrame = 1024;

    private static readonly int[] SamplingRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Parses an AudioSpecificConfig; throws <see cref="NotSupportedException"/> for what ADTS cannot carry.</summary>
    public static AacAudioSpecificConfig Parse(ReadOnlySpan<byte> asc)
    {
        if (asc.Length < 2)
        {
            throw new FormatException($"AudioSpecificConfig is {asc.Length} bytes; at least 2 are required.");
        }

        var reader = new BitReader(asc);
        var objectType = ReadObjectType(ref reader);
        var samplingIndex = reader.Read(4);
        var sampleRate = samplingIndex == 15 ? reader.Read(24) : RateOf(samplingIndex);
        var channels = reader.Read(4);

        // HE-AAC (SBR=5) / HE-AACv2 (PS=29): ADTS carries only the core; FFmpeg's decoder finds SBR/PS implicitly.
        if (objectType is 5 or 29)
        {
            var extensionIndex = reader.Read(4);
            if (extensionIndex == 15)
            {
                reader.Read(24);
            }

            objectType = ReadObjectType(ref reader);
        }

        if (objectType is not (1 or 2 or 4))
        {
            throw new NotSupportedException(
                $"AAC audio object type {objectType} is not supported; only AAC-LC (2), Main (1), LTP (4) and HE-AAC with such a core can be transcoded.");
        }

        if (samplingIndex > 12)
        {
            throw new NotSupportedException($"AAC sample rate {sampleRate} Hz has no ADTS sampling index; only the 13 standard rates are supported.");
        }

        if (channels is < 1 or > 7)
        {
            throw new NotSupportedException($"AAC channelConfiguration {channels} is not supported (1..7 required; 0 means an in-band PCE).");
        }

        return new AacAudioSpecificConfig(objectType, samplingIndex, sampleRate, channels);
    }

    private static int RateOf(int index) =>
        index < SamplingRates.Length ? SamplingRates[index] : throw new FormatException($"Reserved AAC sampling index {index}.");

    private static int ReadObjectType(ref BitReader reader)
    {
        var type = reader.Read(5);
        return type == 31 ? 32 + reader.Read(6) : type;
    }
}

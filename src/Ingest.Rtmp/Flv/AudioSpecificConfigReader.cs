namespace Ingest.Rtmp.Flv;

/// <summary>Bit-level decoder for the AAC subset of ISO/IEC 14496-3 AudioSpecificConfig.</summary>
internal static class AudioSpecificConfigReader
{
    private const int SbrObjectType = 5;
    private const int PsObjectType = 29;
    private const int EscapeObjectType = 31;
    private const int SyncExtensionSbr = 0x2B7;
    private const int SyncExtensionPs = 0x548;

    public static FlvParseResult<AudioSpecificConfig> Read(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return Malformed("AudioSpecificConfig is empty");
        }

        var bits = new BitReader(input);
        if (!TryReadObjectType(ref bits, out var signalled))
        {
            return Truncated("audioObjectType");
        }

        if (signalled == 0)
        {
            return Malformed("AudioSpecificConfig has audioObjectType 0 (null object)");
        }

        if (!TryReadFrequency(ref bits, out var frequencyIndex, out var sampleRate))
        {
            return Truncated("samplingFrequency");
        }

        if (sampleRate == 0)
        {
            return Malformed($"AudioSpecificConfig has a reserved or zero sampling frequency (samplingFrequencyIndex {frequencyIndex})");
        }

        if (!bits.TryRead(4, out var channelConfiguration))
        {
            return Truncated("channelConfiguration");
        }

        var objectType = signalled;
        var hasSbr = false;
        var hasPs = false;
        var extensionSampleRate = 0;
        if (signalled is SbrObjectType or PsObjectType)
        {
            hasSbr = true;
            hasPs = signalled == PsObjectType;
            if (!TryReadFrequency(ref bits, out var extensionIndex, out extensionSampleRate))
            {
                return Truncated("extensionSamplingFrequency");
            }

            if (extensionSampleRate == 0)
            {
                return Malformed($"AudioSpecificConfig has a reserved or zero SBR sampling frequency (extensionSamplingFrequencyIndex {extensionIndex})");
            }

            if (!TryReadObjectType(ref bits, out objectType))
            {
                return Truncated("the core audioObjectType that follows SBR/PS signalling");
            }
        }

        // ADTS and every AAC decoder we hand frames to only know the GASpecificConfig-based types that fit ADTS's 2-bit profile.
        if (objectType is < 1 or > 4)
        {
            return FlvParseResult<AudioSpecificConfig>.Fail(
                FlvParseStatus.Unsupported,
                $"AAC audioObjectType {objectType} ({ObjectTypeName(objectType)}) is not supported; expected AAC Main, LC, SSR or LTP, optionally with SBR/PS");
        }

        var channels = ChannelCount(channelConfiguration);
        if (channels < 0)
        {
            return Malformed($"AudioSpecificConfig has reserved channelConfiguration {channelConfiguration}");
        }

        if (!TryReadGaSpecificConfig(ref bits, out var samplesPerFrame))
        {
            return Truncated("GASpecificConfig");
        }

        // With channelConfiguration 0 a program_config_element sits in between; we do not parse it, so cannot find the extension.
        if (!hasSbr && channelConfiguration != 0)
        {
            ReadBackwardCompatibleSbr(ref bits, ref hasSbr, ref hasPs, ref extensionSampleRate);
        }

        if (hasPs && channels == 1)
        {
            channels = 2;
        }

        return FlvParseResult<AudioSpecificConfig>.Ok(new AudioSpecificConfig
        {
            Bytes = input.ToArray(),
            ObjectType = objectType,
            SignalledObjectType = signalled,
            SamplingFrequencyIndex = frequencyIndex,
            SampleRate = sampleRate,
            HasSbr = hasSbr,
            HasPs = hasPs,
            ExtensionSampleRate = extensionSampleRate,
            ChannelConfiguration = channelConfiguration,
            Channels = channels,
            SamplesPerFrame = samplesPerFrame,
        });
    }

    private static bool TryReadObjectType(ref BitReader bits, out int objectType)
    {
        if (!bits.TryRead(5, out objectType))
        {
            return false;
        }

        if (objectType != EscapeObjectType)
        {
            return true;
        }

        if (!bits.TryRead(6, out var extended))
        {
            return false;
        }

        objectType = 32 + extended;
        return true;
    }

    private static bool TryReadFrequency(ref BitReader bits, out int index, out int rate)
    {
        rate = 0;
        if (!bits.TryRead(4, out index))
        {
            return false;
        }

        if (index != AacSamplingFrequencies.ExplicitIndex)
        {
            rate = AacSamplingFrequencies.RateOf(index);
            return true;
        }

        return bits.TryRead(24, out rate);
    }

    private static bool TryReadGaSpecificConfig(ref BitReader bits, out int samplesPerFrame)
    {
        samplesPerFrame = 0;
        if (!bits.TryRead(1, out var frameLengthFlag) || !bits.TryRead(1, out var dependsOnCoreCoder))
        {
            return false;
        }

        if (dependsOnCoreCoder == 1 && !bits.TryRead(14, out _))
        {
            return false;
        }

        if (!bits.TryRead(1, out var extensionFlag))
        {
            return false;
        }

        // For object types 1-4 the only extension field is extensionFlag3.
        if (extensionFlag == 1 && !bits.TryRead(1, out _))
        {
            return false;
        }

        samplesPerFrame = frameLengthFlag == 1 ? 960 : 1024;
        return true;
    }

    // Optional trailing signalling, so anything unexpected just means "not present" rather than an error.
    private static void ReadBackwardCompatibleSbr(ref BitReader bits, ref bool hasSbr, ref bool hasPs, ref int extensionSampleRate)
    {
        if (bits.BitsRemaining < 16
            || !bits.TryRead(11, out var syncType) || syncType != SyncExtensionSbr
            || !TryReadObjectType(ref bits, out var extensionType) || extensionType != SbrObjectType
            || !bits.TryRead(1, out var sbrPresent) || sbrPresent == 0
            || !TryReadFrequency(ref bits, out _, out var rate) || rate == 0)
        {
            return;
        }

        hasSbr = true;
        extensionSampleRate = rate;
        if (bits.BitsRemaining >= 12
            && bits.TryRead(11, out syncType) && syncType == SyncExtensionPs
            && bits.TryRead(1, out var psPresent) && psPresent == 1)
        {
            hasPs = true;
        }
    }

    private static int ChannelCount(int channelConfiguration) => channelConfiguration switch
    {
        0 => 0,
        >= 1 and <= 6 => channelConfiguration,
        7 => 8,
        11 => 7,
        12 => 8,
        13 => 24,
        14 => 8,
        _ => -1,
    };

    private static string ObjectTypeName(int objectType) => objectType switch
    {
        5 => "SBR",
        6 => "AAC Scalable",
        7 => "TwinVQ",
        8 => "CELP",
        9 => "HVXC",
        17 => "ER AAC LC",
        19 => "ER AAC LTP",
        20 => "ER AAC Scalable",
        22 => "ER BSAC",
        23 => "ER AAC LD",
        29 => "PS",
        32 => "MPEG-1/2 Layer-1",
        33 => "MPEG-1/2 Layer-2",
        34 => "MPEG-1/2 Layer-3 (MP3)",
        39 => "ER AAC ELD",
        42 => "USAC / xHE-AAC",
        _ => "other",
    };

    private static FlvParseResult<AudioSpecificConfig> Truncated(string field) =>
        Malformed($"AudioSpecificConfig is truncated while reading {field}");

    private static FlvParseResult<AudioSpecificConfig> Malformed(string reason) =>
        FlvParseResult<AudioSpecificConfig>.Fail(FlvParseStatus.Malformed, reason);
}

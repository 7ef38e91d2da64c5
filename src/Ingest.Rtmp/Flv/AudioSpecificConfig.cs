namespace Ingest.Rtmp.Flv;

/// <summary>An ISO/IEC 14496-3 AudioSpecificConfig for AAC, as carried by an AAC sequence header.</summary>
public sealed class AudioSpecificConfig
{
    internal AudioSpecificConfig()
    {
    }

    /// <summary>Gets the config bytes in a buffer this object owns (safe to keep after the network buffer is reused).</summary>
    public ReadOnlyMemory<byte> Bytes { get; internal init; }

    /// <summary>Gets the core audioObjectType (1 Main, 2 LC, 3 SSR, 4 LTP); for explicit HE-AAC this is the underlying type, not 5/29.</summary>
    public int ObjectType { get; internal init; }

    /// <summary>Gets the first audioObjectType as signalled (5 for explicit HE-AAC, 29 for HE-AACv2, else equal to <see cref="ObjectType"/>).</summary>
    public int SignalledObjectType { get; internal init; }

    /// <summary>Gets the core samplingFrequencyIndex (15 means <see cref="SampleRate"/> was given explicitly).</summary>
    public int SamplingFrequencyIndex { get; internal init; }

    /// <summary>Gets the core sampling rate in Hz; timestamps advance by <see cref="SamplesPerFrame"/> per frame at this rate.</summary>
    public int SampleRate { get; internal init; }

    /// <summary>Gets a value indicating whether SBR (HE-AAC) is signalled, explicitly or by backward-compatible sync extension.</summary>
    public bool HasSbr { get; internal init; }

    /// <summary>Gets a value indicating whether parametric stereo (HE-AACv2) is signalled.</summary>
    public bool HasPs { get; internal init; }

    /// <summary>Gets the SBR output sampling rate in Hz, or 0 without SBR.</summary>
    public int ExtensionSampleRate { get; internal init; }

    /// <summary>Gets the sampling rate a decoder outputs: the SBR rate when present, else <see cref="SampleRate"/>.</summary>
    public int OutputSampleRate => HasSbr && ExtensionSampleRate > 0 ? ExtensionSampleRate : SampleRate;

    /// <summary>Gets channelConfiguration as coded (0 means a program_config_element defines the layout).</summary>
    public int ChannelConfiguration { get; internal init; }

    /// <summary>Gets the decoded channel count (2 for mono-coded parametric stereo), or 0 when a program_config_element defines it.</summary>
    public int Channels { get; internal init; }

    /// <summary>Gets samples per channel per frame at <see cref="SampleRate"/>: 1024, or 960 when frameLengthFlag is set.</summary>
    public int SamplesPerFrame { get; internal init; }

    /// <summary>Parses a config; never throws. The bytes are copied once so the result outlives pooled network buffers.</summary>
    public static FlvParseResult<AudioSpecificConfig> Parse(ReadOnlySpan<byte> config) => AudioSpecificConfigReader.Read(config);

    /// <inheritdoc/>
    public override string ToString()
    {
        var kind = HasPs ? "HE-AACv2" : HasSbr ? "HE-AAC" : $"AOT {ObjectType}";
        return $"AAC {kind} {OutputSampleRate} Hz {Channels} ch {SamplesPerFrame} samples/frame";
    }
}

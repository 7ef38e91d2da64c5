namespace Ingest.Rtmp.Flv;

/// <summary>A parsed RTMP audio message body (an FLV AUDIODATA tag without the 11-byte tag header); <see cref="Data"/> slices the input.</summary>
public readonly struct FlvAudioTag
{
    private readonly byte _legacyFlags;

    internal FlvAudioTag(
        FlvParseStatus status,
        string reason,
        FlvSoundFormat soundFormat,
        byte legacyFlags,
        FourCc fourCc,
        ExAudioPacketType exPacketType,
        FlvAudioPacketType packetType,
        ReadOnlyMemory<byte> data)
    {
        Status = status;
        Reason = reason;
        SoundFormat = soundFormat;
        _legacyFlags = legacyFlags;
        FourCc = fourCc;
        ExPacketType = exPacketType;
        PacketType = packetType;
        Data = data;
    }

    /// <summary>Gets the parse outcome; header fields read before a failure are still populated.</summary>
    public FlvParseStatus Status { get; }

    /// <summary>Gets a human-readable explanation for a non-Ok status; empty when Ok.</summary>
    public string Reason { get; }

    /// <summary>Gets a value indicating whether the tag is accepted and <see cref="Data"/> can be forwarded.</summary>
    public bool IsOk => Status == FlvParseStatus.Ok;

    /// <summary>Gets the SoundFormat nibble; <see cref="FlvSoundFormat.ExHeader"/> for Enhanced RTMP tags.</summary>
    public FlvSoundFormat SoundFormat { get; }

    /// <summary>Gets a value indicating whether the tag used the Enhanced RTMP ExAudioTagHeader layout.</summary>
    public bool IsEnhanced => SoundFormat == FlvSoundFormat.ExHeader;

    /// <summary>Gets the Enhanced RTMP codec FourCC; <see cref="FourCc.IsNone"/> for legacy tags.</summary>
    public FourCc FourCc { get; }

    /// <summary>Gets the raw Enhanced RTMP packet type; meaningful only when <see cref="IsEnhanced"/>.</summary>
    public ExAudioPacketType ExPacketType { get; }

    /// <summary>Gets the normalised packet type; meaningful only when <see cref="IsOk"/>.</summary>
    public FlvAudioPacketType PacketType { get; }

    /// <summary>Gets the legacy SoundRate field (0..3); for AAC the AudioSpecificConfig is authoritative instead.</summary>
    public int SoundRate => IsEnhanced ? 0 : (_legacyFlags >> 2) & 0x03;

    /// <summary>Gets the legacy SoundRate in Hz (5512, 11025, 22050, 44100), or 0 for enhanced tags.</summary>
    public int SoundRateHz => IsEnhanced ? 0 : SoundRate switch { 0 => 5512, 1 => 11025, 2 => 22050, _ => 44100 };

    /// <summary>Gets the legacy SoundSize in bits (8 or 16), or 0 for enhanced tags.</summary>
    public int SoundSizeBits => IsEnhanced ? 0 : (_legacyFlags & 0x02) != 0 ? 16 : 8;

    /// <summary>Gets a value indicating whether the legacy SoundType says stereo; false for enhanced tags.</summary>
    public bool IsStereo => !IsEnhanced && (_legacyFlags & 0x01) != 0;

    /// <summary>Gets the payload: the AudioSpecificConfig for a sequence header, else one raw AAC frame.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Parses an audio message body without copying it; never throws.</summary>
    public static FlvAudioTag Parse(ReadOnlyMemory<byte> body) => FlvAudioTagReader.Read(body);

    /// <inheritdoc/>
    public override string ToString()
    {
        var codec = IsEnhanced ? $"'{FourCc}'" : SoundFormat.ToString();
        return IsOk ? $"audio {codec} {PacketType} len={Data.Length}" : $"audio {Status}: {Reason}";
    }
}

namespace Ingest.Rtmp.Flv;

/// <summary>A parsed RTMP video message body (an FLV VIDEODATA tag without the 11-byte tag header); <see cref="Data"/> slices the input.</summary>
public readonly struct FlvVideoTag
{
    internal FlvVideoTag(
        FlvParseStatus status,
        string reason,
        FlvVideoFrameType frameType,
        bool isEnhanced,
        FlvVideoCodecId codecId,
        FourCc fourCc,
        ExVideoPacketType exPacketType,
        FlvVideoPacketType packetType,
        int compositionTimeOffset,
        ReadOnlyMemory<byte> data)
    {
        Status = status;
        Reason = reason;
        FrameType = frameType;
        IsEnhanced = isEnhanced;
        CodecId = codecId;
        FourCc = fourCc;
        ExPacketType = exPacketType;
        PacketType = packetType;
        CompositionTimeOffset = compositionTimeOffset;
        Data = data;
    }

    /// <summary>Gets the parse outcome; header fields read before a failure are still populated.</summary>
    public FlvParseStatus Status { get; }

    /// <summary>Gets a human-readable explanation for a non-Ok status; empty when Ok.</summary>
    public string Reason { get; }

    /// <summary>Gets a value indicating whether the tag is accepted and <see cref="Data"/> can be forwarded.</summary>
    public bool IsOk => Status == FlvParseStatus.Ok;

    /// <summary>Gets the frame type.</summary>
    public FlvVideoFrameType FrameType { get; }

    /// <summary>Gets a value indicating whether the frame is a random access point.</summary>
    public bool IsKeyFrame => FrameType is FlvVideoFrameType.Key or FlvVideoFrameType.GeneratedKey;

    /// <summary>Gets a value indicating whether the tag used the Enhanced RTMP (IsExHeader) layout.</summary>
    public bool IsEnhanced { get; }

    /// <summary>Gets the legacy CodecID; <see cref="FlvVideoCodecId.None"/> for enhanced tags.</summary>
    public FlvVideoCodecId CodecId { get; }

    /// <summary>Gets the Enhanced RTMP codec FourCC; <see cref="FourCc.IsNone"/> for legacy tags.</summary>
    public FourCc FourCc { get; }

    /// <summary>Gets the raw Enhanced RTMP packet type; meaningful only when <see cref="IsEnhanced"/>.</summary>
    public ExVideoPacketType ExPacketType { get; }

    /// <summary>Gets the normalised packet type; meaningful only when <see cref="IsOk"/>.</summary>
    public FlvVideoPacketType PacketType { get; }

    /// <summary>Gets the signed composition time offset (PTS minus DTS) in milliseconds.</summary>
    public int CompositionTimeOffset { get; }

    /// <summary>Gets the payload: the AVCDecoderConfigurationRecord for a sequence header, else length-prefixed NAL units.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Parses a video message body without copying it; never throws.</summary>
    public static FlvVideoTag Parse(ReadOnlyMemory<byte> body) => FlvVideoTagReader.Read(body);

    /// <inheritdoc/>
    public override string ToString()
    {
        var codec = IsEnhanced ? $"'{FourCc}'" : CodecId.ToString();
        return IsOk
            ? $"video {codec} {PacketType} {FrameType} cts={CompositionTimeOffset} len={Data.Length}"
            : $"video {Status}: {Reason}";
    }
}

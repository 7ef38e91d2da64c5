namespace Ingest.Rtmp.Flv;

/// <summary>Enhanced RTMP VideoPacketType, the low nibble of the first byte when IsExHeader is set.</summary>
public enum ExVideoPacketType : byte
{
    /// <summary>Decoder configuration record.</summary>
    SequenceStart = 0,

    /// <summary>Coded frames preceded by a 24-bit composition time offset.</summary>
    CodedFrames = 1,

    /// <summary>End of sequence.</summary>
    SequenceEnd = 2,

    /// <summary>Coded frames with an implied composition time offset of zero.</summary>
    CodedFramesX = 3,

    /// <summary>AMF-encoded metadata such as HDR colour info.</summary>
    Metadata = 4,

    /// <summary>AV1 video descriptor for MPEG-2 TS carriage.</summary>
    Mpeg2TsSequenceStart = 5,

    /// <summary>Several tracks in one message.</summary>
    Multitrack = 6,

    /// <summary>Modifier/extension prefix (e.g. nanosecond timestamp offset).</summary>
    ModEx = 7,
}

namespace Ingest.Rtmp.Flv;

/// <summary>Enhanced RTMP AudioPacketType, the low nibble of the first byte when SoundFormat is ExHeader.</summary>
public enum ExAudioPacketType : byte
{
    /// <summary>Codec configuration (AudioSpecificConfig for 'mp4a').</summary>
    SequenceStart = 0,

    /// <summary>Coded audio frames.</summary>
    CodedFrames = 1,

    /// <summary>End of sequence.</summary>
    SequenceEnd = 2,

    /// <summary>Channel order/mapping description.</summary>
    MultichannelConfig = 4,

    /// <summary>Several tracks in one message.</summary>
    Multitrack = 5,

    /// <summary>Modifier/extension prefix (e.g. nanosecond timestamp offset).</summary>
    ModEx = 7,
}

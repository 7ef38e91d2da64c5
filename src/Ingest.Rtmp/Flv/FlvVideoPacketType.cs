namespace Ingest.Rtmp.Flv;

/// <summary>What an accepted video tag carries, normalised across legacy AVCPacketType and Enhanced RTMP packet types.</summary>
public enum FlvVideoPacketType : byte
{
    /// <summary>Decoder configuration (AVCDecoderConfigurationRecord for AVC).</summary>
    SequenceHeader = 0,

    /// <summary>One access unit of length-prefixed NAL units.</summary>
    CodedFrames = 1,

    /// <summary>End of sequence; the payload is normally empty.</summary>
    EndOfSequence = 2,
}

namespace Ingest.Rtmp.Flv;

/// <summary>What an accepted audio tag carries, normalised across legacy AACPacketType and Enhanced RTMP packet types.</summary>
public enum FlvAudioPacketType : byte
{
    /// <summary>AudioSpecificConfig.</summary>
    SequenceHeader = 0,

    /// <summary>One raw AAC access unit (no ADTS header).</summary>
    RawFrame = 1,

    /// <summary>End of sequence (Enhanced RTMP only); the payload is normally empty.</summary>
    EndOfSequence = 2,
}

namespace Ingest.Rtmp.Flv;

/// <summary>One tag of an FLV file: what an RTMP message of the same type would carry.</summary>
public sealed record FlvFileTag(byte TagType, uint Timestamp, byte[] Body)
{
    /// <summary>FLV/RTMP audio message type.</summary>
    public const byte Audio = 8;

    /// <summary>FLV/RTMP video message type.</summary>
    public const byte Video = 9;
}

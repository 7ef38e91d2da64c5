namespace Ingest.Rtmp.Protocol;

/// <summary>RTMP message type ids (RTMP spec §5.4, §7.1).</summary>
public enum RtmpMessageType : byte
{
    /// <summary>Set Chunk Size (protocol control).</summary>
    SetChunkSize = 1,

    /// <summary>Abort a partly received message on a chunk stream.</summary>
    Abort = 2,

    /// <summary>Acknowledgement of bytes received.</summary>
    Acknowledgement = 3,

    /// <summary>User Control (Stream Begin, Ping, ...).</summary>
    UserControl = 4,

    /// <summary>Window Acknowledgement Size.</summary>
    WindowAcknowledgementSize = 5,

    /// <summary>Set Peer Bandwidth.</summary>
    SetPeerBandwidth = 6,

    /// <summary>Audio data (an FLV audio tag body).</summary>
    Audio = 8,

    /// <summary>Video data (an FLV video tag body).</summary>
    Video = 9,

    /// <summary>Data message in AMF3 (leading format byte, then AMF0).</summary>
    DataAmf3 = 15,

    /// <summary>Shared object in AMF3 (not supported).</summary>
    SharedObjectAmf3 = 16,

    /// <summary>Command message in AMF3 (leading format byte, then AMF0).</summary>
    CommandAmf3 = 17,

    /// <summary>Data message in AMF0 (<c>@setDataFrame</c>, <c>onMetaData</c>).</summary>
    DataAmf0 = 18,

    /// <summary>Shared object in AMF0 (not supported).</summary>
    SharedObjectAmf0 = 19,

    /// <summary>Command message in AMF0 (<c>connect</c>, <c>publish</c>, ...).</summary>
    CommandAmf0 = 20,

    /// <summary>Aggregate message (a run of FLV tags).</summary>
    Aggregate = 22,
}

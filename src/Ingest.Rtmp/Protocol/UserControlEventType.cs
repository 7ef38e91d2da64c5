namespace Ingest.Rtmp.Protocol;

/// <summary>User Control message event types (RTMP spec §7.1.7).</summary>
public enum UserControlEventType : ushort
{
    /// <summary>A message stream became functional.</summary>
    StreamBegin = 0,

    /// <summary>Playback of a stream is over.</summary>
    StreamEof = 1,

    /// <summary>No more data on a stream.</summary>
    StreamDry = 2,

    /// <summary>Client's buffer length for a stream.</summary>
    SetBufferLength = 3,

    /// <summary>The stream is recorded.</summary>
    StreamIsRecorded = 4,

    /// <summary>Ping request: echo the timestamp back.</summary>
    PingRequest = 6,

    /// <summary>Ping response.</summary>
    PingResponse = 7,
}

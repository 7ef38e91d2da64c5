namespace Sfu.Core.Rtcp;

/// <summary>RTCP packet types (RFC 3550, RFC 4585).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>Sender report.</summary>
    SenderReport = 200,

    /// <summary>Receiver report.</summary>
    ReceiverReport = 201,

    /// <summary>Source description.</summary>
    SourceDescription = 202,

    /// <summary>Goodbye.</summary>
    Bye = 203,

    /// <summary>Application-defined.</summary>
    Application = 204,

    /// <summary>Transport-layer feedback (generic NACK, transport-wide CC).</summary>
    TransportFeedback = 205,

    /// <summary>Payload-specific feedback (PLI, FIR, REMB).</summary>
    PayloadFeedback = 206,
}

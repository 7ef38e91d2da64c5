namespace Sfu.Core.Rtcp;

/// <summary>Feedback message types (FMT) of RTPFB and PSFB packets that we act on.</summary>
public static class RtcpFeedbackFormat
{
    /// <summary>RTPFB generic NACK (RFC 4585 §6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB transport-wide congestion control feedback.</summary>
    public const int TransportWideCc = 15;

    /// <summary>PSFB picture loss indication (RFC 4585 §6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB full intra request (RFC 5104 §4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB application layer feedback (REMB).</summary>
    public const int ApplicationLayer = 15;
}

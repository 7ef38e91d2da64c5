namespace Egress.WebRtc.Srtp;

/// <summary>Per-SSRC cryptographic state; send and receive halves are separate so a misused context cannot corrupt either.</summary>
internal struct SrtpStreamState
{
    public SrtpReplayWindow RtpSend;
    public SrtpReplayWindow RtpReceive;
    public uint RtcpSendIndex;
    public SrtpReplayWindow RtcpReceive;
}

namespace Egress.WebRtc.Peers;

/// <summary>What the answer negotiated for one sent m-line: payload type, mid and header extension ids (0 = off).</summary>
internal sealed record OutgoingMedia(string Mid, byte PayloadType, int MidExtensionId, int TransportWideCcExtensionId, int AbsSendTimeExtensionId)
{
    public byte[] MidBytes { get; } = System.Text.Encoding.ASCII.GetBytes(Mid);
}

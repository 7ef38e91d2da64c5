namespace Egress.WebRtc.Peers;

/// <summary>What the answer negotiated for one sent m-line: payload type, mid and header extension ids (0 = off).</summary>
/// <remarks>
/// We write one-byte header extensions (RFC 8285 §4.2): ids 1..14 and at most 16 bytes of data. An offer may
/// negotiate a larger id or a longer mid; such an extension is left off rather than written corrupt.
/// </remarks>
internal sealed record OutgoingMedia
{
    public OutgoingMedia(string mid, byte payloadType, int midExtensionId, int transportWideCcExtensionId, int absSendTimeExtensionId)
    {
        Mid = mid;
        PayloadType = payloadType;
        MidBytes = System.Text.Encoding.ASCII.GetBytes(mid);
        MidExtensionId = MidBytes.Length is >= 1 and <= 16 ? OneByteId(midExtensionId) : 0;
        TransportWideCcExtensionId = OneByteId(transportWideCcExtensionId);
        AbsSendTimeExtensionId = OneByteId(absSendTimeExtensionId);
    }

    public string Mid { get; }

    public byte PayloadType { get; }

    public byte[] MidBytes { get; }

    public int MidExtensionId { get; }

    public int TransportWideCcExtensionId { get; }

    public int AbsSendTimeExtensionId { get; }

    private static int OneByteId(int id) => id is >= 1 and <= 14 ? id : 0;
}

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

    /// <summary>The playout-delay extension's id (0 = off) and its 3 bytes: 12-bit min and max in 10 ms units.</summary>
    public int PlayoutDelayExtensionId { get; private init; }

    /// <summary>The encoded playout-delay value.</summary>
    public uint PlayoutDelayValue { get; private init; }

    /// <summary>Asks the viewer's player for <paramref name="delay"/> through the negotiated extension id.</summary>
    public OutgoingMedia WithPlayoutDelay(int extensionId, Sfu.Core.Media.PlayoutDelay delay) => this with
    {
        PlayoutDelayExtensionId = OneByteId(extensionId),
        PlayoutDelayValue = (uint)(((delay.MinMs / 10) << 12) | (delay.MaxMs / 10)),
    };

    /// <summary>True for video: its bursts go through the viewer's pacing queue; audio is never held back.</summary>
    public bool Paced { get; init; }

    /// <summary>RTX payload type (RFC 4588) when the viewer negotiated retransmissions as RTX, else 0.</summary>
    public byte RtxPayloadType { get; init; }

    /// <summary>The RTX stream's SSRC (paired with the media SSRC by <c>a=ssrc-group:FID</c>).</summary>
    public uint RtxSsrc { get; init; }

    /// <summary>The RTX stream's next sequence number; advanced under the peer's send lock.</summary>
    public ushort NextRtxSequence { get; set; } = (ushort)Random.Shared.Next(0, 65536);

    private static int OneByteId(int id) => id is >= 1 and <= 14 ? id : 0;
}

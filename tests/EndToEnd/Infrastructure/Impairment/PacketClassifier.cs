namespace EndToEnd.Infrastructure;

/// <summary>
/// Tells RTP media apart from the other protocols multiplexed on a WebRTC 5-tuple, by the first-byte ranges
/// of RFC 7983 and the RTP/RTCP payload-type split of RFC 5761.
/// </summary>
internal static class PacketClassifier
{
    /// <summary>The size of an RTP fixed header; anything shorter cannot be RTP.</summary>
    private const int RtpFixedHeaderLength = 12;

    /// <summary>
    /// Whether the datagram looks like RTP: first byte 128..191 (version 2) and a payload type, with the
    /// marker bit masked off, outside 64..95, the range RFC 5761 reserves so that RTCP packet types
    /// 192..223 are never mistaken for RTP.
    /// </summary>
    public static bool IsRtp(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < RtpFixedHeaderLength)
        {
            return false;
        }

        var first = datagram[0];
        if (first < 128 || first > 191)
        {
            return false;
        }

        var payloadType = datagram[1] & 0x7F;
        return payloadType < 64 || payloadType > 95;
    }
}

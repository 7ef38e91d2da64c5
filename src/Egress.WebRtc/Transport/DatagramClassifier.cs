namespace Egress.WebRtc.Transport;

/// <summary>Demultiplexes the shared port per RFC 7983 and tells RTCP from RTP per RFC 5761 §4.</summary>
public static class DatagramClassifier
{
    /// <summary>Classifies a datagram by its first two bytes.</summary>
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return DatagramKind.Unknown;
        }

        byte first = datagram[0];
        return first switch
        {
            <= 3 => DatagramKind.Stun,
            >= 20 and <= 63 => DatagramKind.Dtls,
            >= 128 and <= 191 => datagram[1] is >= 192 and <= 223 ? DatagramKind.Rtcp : DatagramKind.Rtp,
            _ => DatagramKind.Unknown,
        };
    }
}

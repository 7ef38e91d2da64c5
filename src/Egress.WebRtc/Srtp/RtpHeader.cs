using System.Buffers.Binary;

namespace Egress.WebRtc.Srtp;

/// <summary>Just enough RTP/RTCP header parsing to find what SRTP leaves in the clear.</summary>
internal static class RtpHeader
{
    public const int FixedLength = 12;
    public const int RtcpFixedLength = 8;
    private const int Version = 2;

    /// <summary>Length of the fixed header, CSRC list and header extension; false if any of them overruns the packet.</summary>
    public static bool TryGetLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength || packet[0] >> 6 != Version)
        {
            return false;
        }

        var length = FixedLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    public static bool IsRtcpVersion(ReadOnlySpan<byte> packet) =>
        packet.Length >= RtcpFixedLength && packet[0] >> 6 == Version;

    public static ushort SequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    public static uint Ssrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);

    public static uint RtcpSenderSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
}

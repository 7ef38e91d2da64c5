using System.Buffers.Binary;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;

namespace Egress.WebRtc.Peers;

/// <summary>Writes one viewer's copy of a source packet: rewritten fixed header, our one-byte header extensions, the payload.</summary>
/// <remarks>The source's own CSRCs, extensions and padding are dropped; the viewer gets only what its SDP negotiated.</remarks>
internal static class RtpHeaderWriter
{
    /// <summary>Largest extension block we add: 4-byte header + mid (≤ 16) + TWCC (3) + abs-send-time (4) + playout delay (4), padded.</summary>
    public const int MaxExtensionBlock = 4 + 17 + 3 + 4 + 4 + 3;

    /// <summary>
    /// Writes the packet; with <paramref name="originalSequence"/> (0..65535) it is an RTX packet (RFC 4588 §4): the
    /// original sequence number goes in front of the payload.
    /// </summary>
    public static int Write(Span<byte> destination, RtpPacket source, in RtpRewrite rewrite, OutgoingMedia media, ushort transportSequence, uint absSendTime, int originalSequence = -1)
    {
        var payload = source.Payload;
        int offset = RtpPacket.FixedHeaderSize;
        int extensionStart = offset;
        offset += 4;
        if (media.MidExtensionId > 0)
        {
            destination[offset++] = (byte)((media.MidExtensionId << 4) | (media.MidBytes.Length - 1));
            media.MidBytes.CopyTo(destination[offset..]);
            offset += media.MidBytes.Length;
        }

        if (media.TransportWideCcExtensionId > 0)
        {
            destination[offset++] = (byte)((media.TransportWideCcExtensionId << 4) | 1);
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], transportSequence);
            offset += 2;
        }

        if (media.AbsSendTimeExtensionId > 0)
        {
            destination[offset++] = (byte)((media.AbsSendTimeExtensionId << 4) | 2);
            destination[offset++] = (byte)(absSendTime >> 16);
            destination[offset++] = (byte)(absSendTime >> 8);
            destination[offset++] = (byte)absSendTime;
        }

        if (media.PlayoutDelayExtensionId > 0)
        {
            destination[offset++] = (byte)((media.PlayoutDelayExtensionId << 4) | 2);
            destination[offset++] = (byte)(media.PlayoutDelayValue >> 16);
            destination[offset++] = (byte)(media.PlayoutDelayValue >> 8);
            destination[offset++] = (byte)media.PlayoutDelayValue;
        }

        bool hasExtensions = offset > extensionStart + 4;
        if (hasExtensions)
        {
            while ((offset - extensionStart) % 4 != 0)
            {
                destination[offset++] = 0;
            }

            destination[extensionStart] = 0xBE;
            destination[extensionStart + 1] = 0xDE;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(extensionStart + 2)..], (ushort)((offset - extensionStart - 4) / 4));
        }
        else
        {
            offset = extensionStart;
        }

        destination[0] = (byte)(hasExtensions ? 0x90 : 0x80);
        destination[1] = (byte)((source.Marker ? 0x80 : 0) | rewrite.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], rewrite.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], rewrite.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], rewrite.Ssrc);
        if (originalSequence >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)originalSequence);
            offset += 2;
        }

        payload.CopyTo(destination[offset..]);
        return offset + payload.Length;
    }

    /// <summary>abs-send-time: 6.18 fixed-point seconds of the NTP clock, 24 bits.</summary>
    public static uint AbsSendTime(ulong ntp) => (uint)((ntp >> 14) & 0xFFFFFF);
}

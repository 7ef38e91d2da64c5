using System.Buffers.Binary;
using System.Diagnostics;

namespace Egress.WebRtc.Peers;

/// <summary>The publishing direction (WHIP): SRTP in, handed to the receiver; RTCP feedback out to the publisher.</summary>
public sealed partial class WebRtcPeer
{
    private IPeerMediaReceiver? _receiver;

    /// <summary>RTP packets from the publisher that decrypted.</summary>
    public long RtpPacketsReceived => Volatile.Read(ref _rtpPacketsReceived);

    private long _rtpPacketsReceived;

    /// <summary>Makes this a publishing peer: decrypted media goes to <paramref name="receiver"/>.</summary>
    internal void ReceiveMediaWith(IPeerMediaReceiver receiver) => _receiver = receiver;

    internal void OnRtp(Span<byte> datagram)
    {
        CountReceived(datagram.Length);
        var context = _srtpReceive;
        var receiver = _receiver;
        if (context is null || receiver is null)
        {
            return;
        }

        if (!context.TryUnprotectRtp(datagram, datagram.Length, out int length))
        {
            Stats.CryptoErrors++;
            return;
        }

        _rtpPacketsReceived++;
        receiver.OnRtp(datagram[..length], Stopwatch.GetTimestamp());
    }

    /// <summary>A sender report's SSRC and NTP time, for the receiver's LSR/DLSR.</summary>
    private void OnSenderInfo(ReadOnlySpan<byte> senderReport)
    {
        if (_receiver is { } receiver && senderReport.Length >= 16)
        {
            receiver.OnSenderReport(
                BinaryPrimitives.ReadUInt32BigEndian(senderReport[4..]),
                BinaryPrimitives.ReadUInt64BigEndian(senderReport[8..]),
                Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Protects and sends one plain RTCP compound packet (receiver reports, NACK, PLI, transport-cc) to the peer.</summary>
    internal bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        var destination = Volatile.Read(ref _selected);
        if (destination is null)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[packet.Length + 64];
        packet.CopyTo(buffer);
        lock (_sendLock)
        {
            if (_srtpSend is null || !_srtpSend.TryProtectRtcp(buffer, packet.Length, out int protectedLength))
            {
                return false;
            }

            _host.Sender.SendTo(buffer[..protectedLength], destination);
            _packetsSent++;
            _bytesSent += protectedLength;
        }

        return true;
    }
}

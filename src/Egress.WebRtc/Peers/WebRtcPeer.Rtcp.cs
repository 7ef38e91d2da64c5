using System.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Peers;

/// <summary>RTCP: receiver reports and feedback in, sender reports out.</summary>
public sealed partial class WebRtcPeer
{
    private string Cname => Id;

    internal void OnRtcp(Span<byte> datagram)
    {
        CountReceived(datagram.Length);
        var context = _srtpReceive;
        if (context is null)
        {
            return;
        }

        if (!context.TryUnprotectRtcp(datagram, datagram.Length, out int length))
        {
            Stats.CryptoErrors++;
            return;
        }

        var reader = new RtcpCompoundReader(datagram[..length]);
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[31];
        Span<ushort> nackedSequences = stackalloc ushort[256];
        while (reader.MoveNext())
        {
            switch (reader.Type)
            {
                case RtcpPacketType.ReceiverReport:
                case RtcpPacketType.SenderReport:
                    int count = reader.ReadReportBlocks(blocks);
                    for (int i = 0; i < count; i++)
                    {
                        OnReportBlock(blocks[i]);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when reader.CountOrFormat is RtcpFeedbackFormat.PictureLossIndication or RtcpFeedbackFormat.FullIntraRequest:
                    Stats.KeyframeRequests++;
                    WebRtcMetrics.KeyframeRequests.Add(1);
                    RequestKeyframe(reader.FeedbackMediaSsrc);
                    break;
                case RtcpPacketType.TransportFeedback when reader.CountOrFormat == RtcpFeedbackFormat.TransportWideCc:
                    OnTransportFeedback(reader.Packet);
                    break;
                case RtcpPacketType.TransportFeedback when reader.CountOrFormat == RtcpFeedbackFormat.GenericNack:
                    var nacked = FindSubscription(reader.FeedbackMediaSsrc);
                    int nackedCount = reader.ReadNackedSequences(nackedSequences);
                    Stats.NackedPackets += nackedCount;
                    foreach (ushort sequence in nackedSequences[..nackedCount])
                    {
                        nacked?.RequestRetransmission(sequence);
                    }

                    WebRtcMetrics.NackedSequences.Add(nackedCount);
                    break;
            }
        }
    }

    /// <summary>
    /// Reads a transport-cc feedback packet: which of our packets (by transport-wide sequence number) arrived, and
    /// when. Counted per viewer now; the arrival times are what a delay-based bandwidth estimator will consume.
    /// </summary>
    private void OnTransportFeedback(ReadOnlySpan<byte> packet)
    {
        const int CommonHeader = 12;
        if (packet.Length <= CommonHeader || !TransportFeedbackReader.TryParse(packet[CommonHeader..], out var feedback, out _))
        {
            Stats.MalformedFeedback++;
            return;
        }

        Span<PacketResult> results = stackalloc PacketResult[512];
        int count = feedback.ReadResults(results);
        int lost = 0;
        foreach (var result in results[..count])
        {
            if (!result.Received)
            {
                lost++;
            }
        }

        Stats.TransportFeedbackReports++;
        Stats.PacketsReportedByFeedback += count;
        Stats.PacketsLostByFeedback += lost;
    }

    private RtpSubscription? FindSubscription(uint mediaSsrc)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Ssrc == mediaSsrc)
            {
                return subscription;
            }
        }

        return null;
    }

    private void RequestKeyframe(uint mediaSsrc)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Ssrc == mediaSsrc || mediaSsrc == 0)
            {
                subscription.Track.RequestKeyframe();
            }
        }
    }

    private void OnReportBlock(in RtcpReportBlock block)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Ssrc != block.Ssrc)
            {
                continue;
            }

            Stats.ReceiverReports++;
            Stats.FractionLost = block.FractionLost / 256.0;
            Stats.CumulativeLost = block.CumulativeLost;
            Stats.JitterSeconds = block.Jitter / (double)subscription.Track.Codec.ClockRate;
            var rtt = NtpTime.RoundTrip(NtpTime.FromStopwatch(Stopwatch.GetTimestamp()), block.LastSenderReport, block.DelaySinceLastSenderReport);
            if (rtt is not null)
            {
                Stats.RoundTripTime = rtt;
                foreach (var each in _subscriptions)
                {
                    each.RoundTripTime = rtt.Value;
                }
            }
        }
    }

    private void SendSenderReports(long now)
    {
        var destination = Volatile.Read(ref _selected);
        if (destination is null)
        {
            return;
        }

        Span<byte> packet = stackalloc byte[28 + 64 + 32];
        ulong ntp = NtpTime.FromStopwatch(now);
        foreach (var subscription in _subscriptions)
        {
            if (subscription.RtpTimestampAt(now) is not { } rtpTimestamp)
            {
                continue;
            }

            int length = RtcpWriter.WriteSenderReport(packet, subscription.Ssrc, ntp, rtpTimestamp, (uint)subscription.Counters.Packets, (uint)subscription.Counters.PayloadOctets);
            length += RtcpWriter.WriteSourceDescription(packet[length..], subscription.Ssrc, Cname);
            lock (_sendLock)
            {
                if (_srtpSend is null || !_srtpSend.TryProtectRtcp(packet, length, out int protectedLength))
                {
                    return;
                }

                _host.Sender.SendTo(packet[..protectedLength], destination);
                _packetsSent++;
                _bytesSent += protectedLength;
            }
        }
    }
}

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
        Span<FullIntraRequest> firs = stackalloc FullIntraRequest[8];
        while (reader.MoveNext())
        {
            switch (reader.Type)
            {
                case RtcpPacketType.SenderReport:
                    OnSenderInfo(reader.Packet);
                    int senderCount = reader.ReadReportBlocks(blocks);
                    for (int i = 0; i < senderCount; i++)
                    {
                        OnReportBlock(blocks[i]);
                    }

                    break;
                case RtcpPacketType.ReceiverReport:
                    int count = reader.ReadReportBlocks(blocks);
                    for (int i = 0; i < count; i++)
                    {
                        OnReportBlock(blocks[i]);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when reader.CountOrFormat == RtcpFeedbackFormat.PictureLossIndication:
                    OnKeyframeRequest(FindSubscription(reader.FeedbackMediaSsrc));
                    break;
                case RtcpPacketType.PayloadFeedback when reader.CountOrFormat == RtcpFeedbackFormat.FullIntraRequest:
                    int firCount = reader.ReadFullIntraRequests(firs);
                    foreach (var fir in firs[..firCount])
                    {
                        if (FindSubscription(fir.Ssrc) is { } target && target.IsNewFullIntraRequest(fir.SequenceNumber))
                        {
                            OnKeyframeRequest(target);
                        }
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when reader.CountOrFormat == RtcpFeedbackFormat.ApplicationLayer:
                    if (reader.TryReadRemb(out long remb))
                    {
                        OnRembForEstimate(remb);
                    }

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
    /// when; counted per viewer and handed to the bandwidth estimator.
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
        OnFeedbackForEstimate(results[..count]);
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

    /// <summary>
    /// A viewer's decoder needs a keyframe. A source that can make one is asked (aggregated across viewers by the
    /// track); for one that cannot (an RTMP encoder) this viewer alone is restarted from the keyframe cache.
    /// </summary>
    private void OnKeyframeRequest(RtpSubscription? subscription)
    {
        Stats.KeyframeRequests++;
        WebRtcMetrics.KeyframeRequests.Add(1);
        if (subscription is null || subscription.Track.Kind != Sfu.Core.Media.MediaKind.Video)
        {
            return;
        }

        if (subscription.Track.MakesKeyframesOnDemand)
        {
            subscription.Track.RequestKeyframe();
        }
        else if (subscription.RequestKeyframeRestart(Stopwatch.GetTimestamp()))
        {
            WebRtcMetrics.KeyframeRestarts.Add(1);
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
                lock (_sendLock)
                {
                    _estimator.OnRoundTripTime(rtt.Value);
                }

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

using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Sfu.Core.Tests.Forwarding;

public sealed class RtpSubscriptionTests
{
    private readonly RtpPacketPool _pool = new();
    private ushort _sequence = 65530;
    private uint _timestamp = 1000;
    private long _arrival;

    [Fact]
    public void LateViewerStartsAtTheCachedKeyframeThenGetsLivePacketsWithoutGapOrRepeat()
    {
        var track = VideoTrack();
        PublishFrame(track, keyframe: true, packets: 3);
        PublishFrame(track, keyframe: false, packets: 2);

        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 0xABCD, 102, sender);
        track.Subscribe(subscription);
        PublishFrame(track, keyframe: false, packets: 2);

        // 5 cached + 2 live, sequence numbers consecutive across the 16-bit wrap, one timestamp per frame.
        Assert.Equal(7, sender.Sent.Count);
        Assert.All(sender.Sent, s => Assert.Equal((0xABCDu, (byte)102), (s.Rewrite.Ssrc, s.Rewrite.PayloadType)));
        Assert.True(sender.Sent[0].Keyframe);
        for (int i = 1; i < sender.Sent.Count; i++)
        {
            Assert.Equal((ushort)(sender.Sent[i - 1].Rewrite.SequenceNumber + 1), sender.Sent[i].Rewrite.SequenceNumber);
        }

        Assert.Equal([0u, 0u, 0u, 3000u, 3000u, 6000u, 6000u], sender.Sent.Select(s => s.Rewrite.Timestamp - sender.Sent[0].Rewrite.Timestamp));
        Assert.Equal(7, subscription.Counters.Packets);
    }

    [Fact]
    public void ViewerBeforeAnyKeyframeWaitsForOne()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        track.Subscribe(new RtpSubscription(track, 1, 96, sender));
        PublishFrame(track, keyframe: false, packets: 2);
        Assert.Empty(sender.Sent);
        PublishFrame(track, keyframe: true, packets: 2);
        Assert.Equal(2, sender.Sent.Count);
        Assert.True(sender.Sent[0].Keyframe);
    }

    [Fact]
    public void ClosedSubscriptionGetsNothingMore()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 1, 96, sender);
        track.Subscribe(subscription);
        PublishFrame(track, keyframe: true, packets: 1);
        subscription.Close();
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Single(sender.Sent);
    }

    [Fact]
    public void TwoViewersGetIndependentNumbering()
    {
        var track = VideoTrack();
        var a = new RecordingSender();
        var b = new RecordingSender();
        track.Subscribe(new RtpSubscription(track, 1, 96, a));
        track.Subscribe(new RtpSubscription(track, 2, 97, b));
        PublishFrame(track, keyframe: true, packets: 2);
        Assert.Equal(2, a.Sent.Count);
        Assert.Equal(2, b.Sent.Count);
        Assert.Equal((ushort)(a.Sent[0].Rewrite.SequenceNumber + 1), a.Sent[1].Rewrite.SequenceNumber);
        Assert.Equal((ushort)(b.Sent[0].Rewrite.SequenceNumber + 1), b.Sent[1].Rewrite.SequenceNumber);
    }

    [Fact]
    public void CacheIsBoundedAndReleasesPacketsToThePool()
    {
        var cache = new KeyframeCache(maxPackets: 4);
        var packets = Enumerable.Range(0, 6).Select(i => Packet(keyframe: i == 0)).ToList();
        foreach (var packet in packets)
        {
            cache.Add(packet);
        }

        // Overflow drops the GOP: a viewer could not decode from a cache missing its keyframe.
        Assert.Equal(0, cache.Count);
        var next = Packet(keyframe: true);
        cache.Add(next);
        Assert.Equal(1, cache.Count);
        cache.Clear();
        foreach (var packet in packets.Append(next))
        {
            packet.Release();
        }

        Assert.Throws<InvalidOperationException>(() => next.Release());
    }

    [Fact]
    public void ReconnectedSourceIsSplicedAtItsFirstKeyframeWithContinuousNumbering()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        track.Subscribe(new RtpSubscription(track, 0xABCD, 102, sender));
        _arrival = 1_000_000;
        PublishFrame(track, keyframe: true, packets: 2);
        PublishFrame(track, keyframe: false, packets: 2);
        var lastBefore = sender.Sent[^1].Rewrite;

        // A new encoder: its own random numbering, 1.5 s later by the wall clock, first a frame that is no keyframe.
        track.BeginNewSource();
        _sequence = 20_000;
        _timestamp = 5;
        _arrival += (long)(1.5 * System.Diagnostics.Stopwatch.Frequency);
        PublishFrame(track, keyframe: false, packets: 2);
        Assert.Equal(4, sender.Sent.Count);
        PublishFrame(track, keyframe: true, packets: 2);
        PublishFrame(track, keyframe: false, packets: 1);

        var spliced = sender.Sent.Skip(4).Select(s => s.Rewrite).ToList();
        Assert.Equal(3, spliced.Count);
        Assert.True(sender.Sent[4].Keyframe);
        Assert.Equal([(ushort)(lastBefore.SequenceNumber + 1), (ushort)(lastBefore.SequenceNumber + 2), (ushort)(lastBefore.SequenceNumber + 3)], spliced.Select(r => r.SequenceNumber));

        // The timestamp moved on by the wall time between the last packet sent and the keyframe: one frame interval
        // to the drop, 1.5 s away, one more frame interval for the frame dropped while waiting for the keyframe.
        uint gap = spliced[0].Timestamp - lastBefore.Timestamp;
        Assert.InRange(gap, (90_000 * 1.5) + 6_000 - 2, (90_000 * 1.5) + 6_000);
        Assert.Equal(3000u, spliced[2].Timestamp - spliced[0].Timestamp);
        Assert.All(spliced, r => Assert.Equal(0xABCDu, r.Ssrc));
    }

    [Fact]
    public void ViewerRestartedAtTheCachedKeyframeGetsItAgainNumberedOnWithTimeMovingForward()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 0xABCD, 102, sender);
        track.Subscribe(subscription);
        PublishFrame(track, keyframe: true, packets: 2);
        PublishFrame(track, keyframe: false, packets: 2);
        PublishFrame(track, keyframe: false, packets: 1);
        var lastBefore = sender.Sent[^1].Rewrite;

        // The viewer lost a reference picture and sent a PLI: at the next packet it gets the 5 cached packets again,
        // then the live one, all numbered on without a gap, starting with the keyframe one frame after the last sent.
        track.RestartFromKeyframe(subscription);
        PublishFrame(track, keyframe: false, packets: 1);

        var restarted = sender.Sent.Skip(5).Select(s => s.Rewrite).ToList();
        Assert.Equal(6, restarted.Count);
        Assert.True(sender.Sent[5].Keyframe);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (ushort)(lastBefore.SequenceNumber + i)), restarted.Select(r => r.SequenceNumber));
        Assert.Equal(3000u, restarted[0].Timestamp - lastBefore.Timestamp);
        Assert.Equal([0u, 0u, 3000u, 3000u, 6000u, 9000u], restarted.Select(r => r.Timestamp - restarted[0].Timestamp));
        Assert.Equal(1, subscription.KeyframeRestarts);
    }

    [Fact]
    public void KeyframeRequestsRightAfterAKeyframeOrARestartAreIgnored()
    {
        var track = VideoTrack();
        var subscription = new RtpSubscription(track, 1, 102, new RecordingSender());
        track.Subscribe(subscription);
        PublishFrame(track, keyframe: true, packets: 1);
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        long second = System.Diagnostics.Stopwatch.Frequency;

        // The join's keyframe just went out: a PLI now was sent before the viewer had it.
        Assert.False(subscription.RequestKeyframeRestart(now));
        Assert.True(subscription.RequestKeyframeRestart(now + second));
        Assert.False(subscription.RequestKeyframeRestart(now + second + (second / 10)));
        Assert.True(subscription.RequestKeyframeRestart(now + (2 * second)));
    }

    [Fact]
    public void AJoinerOfAnOnDemandSourceGetsOnlyAYoungCacheAndOtherwiseWaitsForTheKeyframeItAskedFor()
    {
        var track = VideoTrack();
        int asked = 0;
        track.KeyframeRequested += _ => asked++;

        // A WebRTC publisher's GOP from long ago: not replayed, a keyframe is asked for instead.
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp() - (5 * System.Diagnostics.Stopwatch.Frequency);
        PublishFrame(track, keyframe: true, packets: 2);
        PublishFrame(track, keyframe: false, packets: 2);
        var late = new RecordingSender();
        track.Subscribe(new RtpSubscription(track, 1, 102, late));
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Empty(late.Sent);
        Assert.Equal(1, asked);
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp();
        PublishFrame(track, keyframe: true, packets: 1);
        Assert.Single(late.Sent);
        Assert.True(late.Sent[0].Keyframe);

        // A keyframe that just arrived is replayed at once.
        var next = new RecordingSender();
        track.Subscribe(new RtpSubscription(track, 2, 102, next));
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Equal(2, next.Sent.Count);
        Assert.True(next.Sent[0].Keyframe);
    }

    [Fact]
    public void RestartWithoutACachedKeyframeWaitsForTheNextOne()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 1, 102, sender);
        track.Subscribe(subscription);
        PublishFrame(track, keyframe: true, packets: 1);
        track.ReleaseCache();
        track.RestartFromKeyframe(subscription);
        PublishFrame(track, keyframe: false, packets: 2);
        Assert.Single(sender.Sent);
        PublishFrame(track, keyframe: true, packets: 1);
        Assert.Equal(2, sender.Sent.Count);
        Assert.True(sender.Sent[1].Keyframe);
        Assert.Equal((ushort)(sender.Sent[0].Rewrite.SequenceNumber + 1), sender.Sent[1].Rewrite.SequenceNumber);
    }

    [Fact]
    public void KeyframeRequestsReachAnOnDemandSourceOncePerOutstandingKeyframe()
    {
        var track = VideoTrack();
        Assert.False(track.MakesKeyframesOnDemand);
        track.RequestKeyframe();
        Assert.Equal(0, track.KeyframeRequests.Received);

        int asked = 0;
        track.KeyframeRequested += _ => asked++;
        Assert.True(track.MakesKeyframesOnDemand);
        for (int i = 0; i < 50; i++)
        {
            track.RequestKeyframe();
        }

        Assert.Equal((1, 50L, 1L), (asked, track.KeyframeRequests.Received, track.KeyframeRequests.Forwarded));

        // The keyframe arrives: the next request is a new one, once the track's minimum spacing has passed.
        PublishFrame(track, keyframe: true, packets: 1);
        track.RequestKeyframe();
        Assert.Equal(1, asked);
        Thread.Sleep(track.KeyframeRequests.MinInterval + TimeSpan.FromMilliseconds(20));
        track.RequestKeyframe();
        Assert.Equal(2, asked);
    }

    [Fact]
    public void AnUnansweredKeyframeRequestIsRepeatedAfterTheRetryInterval()
    {
        var aggregator = new KeyframeRequestAggregator(TimeSpan.FromSeconds(1));
        long second = System.Diagnostics.Stopwatch.Frequency;
        Assert.True(aggregator.TryForward(10 * second));
        Assert.False(aggregator.TryForward((10 * second) + (second / 2)));
        Assert.True(aggregator.TryForward(11 * second));
        aggregator.OnKeyframe();
        Assert.True(aggregator.TryForward((11 * second) + 1));
        Assert.Equal((4L, 3L), (aggregator.Received, aggregator.Forwarded));
    }

    [Fact]
    public void KeyframesAnsweredAtOnceStillSpaceTheRequestsByTheMinimumInterval()
    {
        var aggregator = new KeyframeRequestAggregator(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
        long ms = System.Diagnostics.Stopwatch.Frequency / 1000;
        long t = 10_000 * ms;
        Assert.True(aggregator.TryForward(t));
        aggregator.OnKeyframe();

        // Another viewer's PLI 100 ms later: its keyframe came, but the encoder is not forced again yet.
        Assert.False(aggregator.TryForward(t + (100 * ms)));
        Assert.True(aggregator.TryForward(t + (260 * ms)));
        Assert.Equal(2L, aggregator.Forwarded);
    }

    [Fact]
    public void SuspendedViewerGetsNothingAndResumesAtTheNextKeyframeNumberedOn()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 0xABCD, 102, sender);
        track.Subscribe(subscription);
        _arrival = 1_000_000;
        PublishFrame(track, keyframe: true, packets: 2);
        var lastBefore = sender.Sent[^1].Rewrite;

        subscription.Suspend();
        Assert.True(subscription.IsSuspended);
        for (int i = 0; i < 29; i++)
        {
            PublishFrame(track, keyframe: false, packets: 2);
        }

        Assert.Equal(2, sender.Sent.Count);
        subscription.Resume();
        PublishFrame(track, keyframe: false, packets: 2);
        Assert.Equal(2, sender.Sent.Count);
        PublishFrame(track, keyframe: true, packets: 2);

        // No sequence gap for the viewer to NACK, and the timestamp moved on by the second the video was off.
        var resumed = sender.Sent[2].Rewrite;
        Assert.True(sender.Sent[2].Keyframe);
        Assert.Equal((ushort)(lastBefore.SequenceNumber + 1), resumed.SequenceNumber);
        Assert.InRange(resumed.Timestamp - lastBefore.Timestamp, 90_000u, 100_000u);
        Assert.False(subscription.IsSuspended);
    }

    [Fact]
    public void ViewerJoiningAfterTheReconnectStartsNormally()
    {
        var track = VideoTrack();
        PublishFrame(track, keyframe: true, packets: 2);
        track.BeginNewSource();
        Assert.Equal(0, track.KeyframeCachePackets);

        var sender = new RecordingSender();
        track.Subscribe(new RtpSubscription(track, 1, 102, sender));
        PublishFrame(track, keyframe: true, packets: 2);
        Assert.Equal(2, sender.Sent.Count);
        Assert.True(sender.Sent[0].Keyframe);
    }

    [Fact]
    public void NackedPacketsAreResentWithTheViewersNumberingOnThePublishersThread()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 0xABCD, 102, sender);
        track.Subscribe(subscription);
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp();
        PublishFrame(track, keyframe: true, packets: 5);
        var lost = sender.Sent[2].Rewrite;

        // The NACK arrives on another thread: nothing is sent from there; the next packet's fan-out answers it.
        subscription.RequestRetransmission(lost.SequenceNumber);
        Assert.Empty(sender.Resent);
        PublishFrame(track, keyframe: false, packets: 1);
        var resent = Assert.Single(sender.Resent);
        Assert.Equal(lost, resent.Rewrite);
        Assert.Equal(1, subscription.Retransmissions.Sent);

        // Asked again at once: the first resend is still in flight, so it is not repeated.
        subscription.RequestRetransmission(lost.SequenceNumber);
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Single(sender.Resent);
        Assert.Equal(1, subscription.Retransmissions.Repeated);

        // Numbers this viewer was never sent (ahead of the last one) are refused.
        subscription.RequestRetransmission(unchecked((ushort)(sender.Sent[^1].Rewrite.SequenceNumber + 5)));
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Single(sender.Resent);
        Assert.Equal(1, subscription.Retransmissions.TooLate);
    }

    [Fact]
    public void PacketsOlderThanASecondOrFromBeforeASpliceAreNotResent()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 1, 102, sender);
        track.Subscribe(subscription);
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp() - (2 * System.Diagnostics.Stopwatch.Frequency);
        PublishFrame(track, keyframe: true, packets: 3);
        var old = sender.Sent[1].Rewrite.SequenceNumber;
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp();
        subscription.RequestRetransmission(old);
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Empty(sender.Resent);

        var beforeSplice = sender.Sent[^1].Rewrite.SequenceNumber;
        track.BeginNewSource();
        _sequence = 40_000;
        PublishFrame(track, keyframe: true, packets: 2);
        subscription.RequestRetransmission(beforeSplice);
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Empty(sender.Resent);
        Assert.Equal(2, subscription.Retransmissions.TooLate);

        // After the splice, the new source's packets are resent under the viewer's continued numbering.
        var afterSplice = sender.Sent[^2].Rewrite;
        subscription.RequestRetransmission(afterSplice.SequenceNumber);
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Equal(afterSplice, Assert.Single(sender.Resent).Rewrite);
    }

    [Fact]
    public void ABurstOfNacksIsCappedByTheResendBudget()
    {
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 1, 102, sender) { ResendBudgetBytesPerSecond = 4_000 };
        track.Subscribe(subscription);
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp();
        PublishFrame(track, keyframe: true, packets: 40);

        // A quarter second of budget (1000 bytes) holds 8 of these 112-byte packets; the rest of the burst waits.
        foreach (var (rewrite, _) in sender.Sent.ToList())
        {
            subscription.RequestRetransmission(rewrite.SequenceNumber);
        }

        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Equal(8, sender.Resent.Count);
        Assert.Equal(32, subscription.Retransmissions.OverBudget);
    }

    [Fact]
    public void NacksStillWorkAfterMoreThanHalfTheSequenceSpace()
    {
        // 40 000 packets (2.5 minutes of video): a signed 16-bit distance from the first packet would have wrapped.
        var track = VideoTrack();
        var sender = new RecordingSender();
        var subscription = new RtpSubscription(track, 1, 102, sender) { ResendBudgetBytesPerSecond = int.MaxValue };
        track.Subscribe(subscription);
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp();
        PublishFrame(track, keyframe: true, packets: 1);
        for (int i = 0; i < 4000; i++)
        {
            PublishFrame(track, keyframe: false, packets: 10);
        }

        var recent = sender.Sent[^5].Rewrite;
        subscription.RequestRetransmission(recent.SequenceNumber);
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Equal(recent, Assert.Single(sender.Resent).Rewrite);
    }

    [Fact]
    public void AViewerFloodingNacksIsCappedWithoutCrowdingOutOthers()
    {
        var track = VideoTrack();
        var flooder = new RecordingSender();
        var polite = new RecordingSender();
        var flooding = new RtpSubscription(track, 1, 102, flooder) { ResendBudgetBytesPerSecond = int.MaxValue };
        var waiting = new RtpSubscription(track, 2, 102, polite);
        track.Subscribe(flooding);
        track.Subscribe(waiting);
        _arrival = System.Diagnostics.Stopwatch.GetTimestamp();
        PublishFrame(track, keyframe: true, packets: 20);

        for (int i = 0; i < 10_000; i++)
        {
            flooding.RequestRetransmission(flooder.Sent[i % 20].Rewrite.SequenceNumber);
        }

        waiting.RequestRetransmission(polite.Sent[3].Rewrite.SequenceNumber);
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Equal(10_000 - RtpSubscription.MaxPendingResends, flooding.Retransmissions.OverBudget);
        Assert.Single(polite.Resent);

        // A viewer that cannot take RTX does not queue anything at all.
        var plain = new RecordingSender { CanResend = false };
        var noRtx = new RtpSubscription(track, 3, 102, plain);
        track.Subscribe(noRtx);
        PublishFrame(track, keyframe: true, packets: 2);
        noRtx.RequestRetransmission(plain.Sent[0].Rewrite.SequenceNumber);
        PublishFrame(track, keyframe: false, packets: 1);
        Assert.Empty(plain.Resent);
        Assert.Equal(0, noRtx.Retransmissions.OverBudget + noRtx.Retransmissions.TooLate);
    }

    [Fact]
    public void PacketHistoryHoldsReferencesUntilOverwrittenOrCleared()
    {
        var history = new PacketHistory(4);
        var packets = Enumerable.Range(0, 6).Select(_ => Packet(keyframe: false)).ToList();
        packets.ForEach(history.Add);
        Assert.False(history.TryGet(packets[0].SequenceNumber, out _));
        Assert.True(history.TryGet(packets[5].SequenceNumber, out var held) && ReferenceEquals(held, packets[5]));
        Assert.Equal(4, history.Count);

        // Overwritten packets went back to the publisher's single reference; clearing releases the rest.
        packets.ForEach(p => p.Release());
        history.Clear();
        Assert.Equal(0, history.Count);
        Assert.Throws<InvalidOperationException>(() => packets[5].Release());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketHistory(3));
    }

    private MediaTrack VideoTrack() => new("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1234);

    private void PublishFrame(MediaTrack track, bool keyframe, int packets)
    {
        for (int i = 0; i < packets; i++)
        {
            var packet = Packet(keyframe && i == 0, marker: i == packets - 1);
            track.PublishPacket(packet);
            packet.Release();
        }

        _timestamp += 3000;
        _arrival += System.Diagnostics.Stopwatch.Frequency / 30;
    }

    private RtpPacket Packet(bool keyframe, bool marker = false)
    {
        var packet = _pool.Rent();
        int header = packet.WriteHeader(96, marker, _sequence++, _timestamp, 1234);
        packet.Buffer[header] = (byte)(keyframe ? 0x65 : 0x41);
        packet.Length = header + 100;
        packet.IsKeyframeStart = keyframe;
        packet.ArrivalTimestamp = _arrival;
        return packet;
    }

    private sealed class RecordingSender : IRtpSender
    {
        public List<(RtpRewrite Rewrite, bool Keyframe)> Sent { get; } = [];

        public List<(RtpRewrite Rewrite, ushort SourceSequence)> Resent { get; } = [];

        public bool CanResend { get; set; } = true;

        bool IRtpSender.CanResend => CanResend;

        public void Send(RtpPacket source, in RtpRewrite rewrite) => Sent.Add((rewrite, source.IsKeyframeStart));

        public bool Resend(RtpPacket source, in RtpRewrite rewrite)
        {
            if (CanResend)
            {
                Resent.Add((rewrite, source.SequenceNumber));
            }

            return CanResend;
        }
    }
}

using System.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtp;
using Sfu.Core.Streams;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>A viewer moved between simulcast layers: at the new layer's keyframe, with its numbering continuing.</summary>
public sealed class LayerSwitchTests
{
    private readonly RtpPacketPool _pool = new();
    private long _clock = Stopwatch.GetTimestamp();

    [Fact]
    public void SwitchWaitsForTheNewLayersKeyframeThenContinuesTheViewersNumbering()
    {
        var high = new Layer(Track("h"), sequence: 60000, timestamp: 5_000_000);
        var low = new Layer(Track("l"), sequence: 100, timestamp: 77);
        int lowRequests = 0;
        low.Track.KeyframeRequested += _ => lowRequests++;
        var sender = new Sent();
        var subscription = new RtpSubscription(high.Track, 42, 96, sender);
        high.Track.Subscribe(subscription);
        Frame(high, keyframe: true, packets: 2);
        Frame(high, keyframe: false, packets: 2);

        subscription.SwitchTo(low.Track);
        Assert.Equal(1, lowRequests);
        Assert.Same(low.Track, subscription.SwitchingTo);

        // Until the low layer's keyframe the viewer keeps getting the high one, and nothing of the low one.
        Frame(low, keyframe: false, packets: 2);
        Frame(high, keyframe: false, packets: 2);
        Assert.Equal(6, sender.Packets.Count);
        Assert.Same(high.Track, subscription.Track);

        Frame(low, keyframe: true, packets: 3);
        Frame(high, keyframe: false, packets: 2);
        Frame(low, keyframe: false, packets: 1);

        Assert.Same(low.Track, subscription.Track);
        Assert.Null(subscription.SwitchingTo);
        Assert.Equal(1, subscription.LayerSwitches);
        Assert.Equal(10, sender.Packets.Count);
        Assert.True(sender.Packets[6].Keyframe);
        for (int i = 1; i < sender.Packets.Count; i++)
        {
            Assert.Equal((ushort)(sender.Packets[i - 1].Sequence + 1), sender.Packets[i].Sequence);
            Assert.True(unchecked((int)(sender.Packets[i].Timestamp - sender.Packets[i - 1].Timestamp)) >= 0, "timestamps never run backwards");
        }

        Assert.True(unchecked((int)(sender.Packets[6].Timestamp - sender.Packets[5].Timestamp)) >= 3000, "the new layer's first frame is a frame later");
        Assert.Equal((0, 1), (high.Track.PacketSinkCount, low.Track.PacketSinkCount));
        Assert.Equal(low.Track.Codec.ClockRate / 30 * 1, (int)(sender.Packets[9].Timestamp - sender.Packets[6].Timestamp));
    }

    [Fact]
    public void AskingForTheCurrentLayerCancelsAPendingSwitch()
    {
        var high = new Layer(Track("h"), 1, 1);
        var low = new Layer(Track("l"), 5000, 9);
        var sender = new Sent();
        var subscription = new RtpSubscription(high.Track, 42, 96, sender);
        high.Track.Subscribe(subscription);
        Frame(high, keyframe: true, packets: 1);

        subscription.SwitchTo(low.Track);
        subscription.SwitchTo(high.Track);
        Frame(low, keyframe: true, packets: 2);
        Frame(high, keyframe: false, packets: 1);

        Assert.Same(high.Track, subscription.Track);
        Assert.Equal(0, subscription.LayerSwitches);
        Assert.Equal(2, sender.Packets.Count);
    }

    [Fact]
    public void NackQueuedOnTheOldLayerIsNotAnsweredFromItsHistoryAfterTheSwitch()
    {
        // Both layers number from 1000, so the old layer's history holds a packet under the source number the viewer's
        // sequence maps to after the switch: answering from it would send the wrong layer's data.
        var high = new Layer(Track("h"), 1000, 1);
        var low = new Layer(Track("l"), 1000, 9);
        var sender = new Sent();
        var subscription = new RtpSubscription(high.Track, 42, 96, sender);
        high.Track.Subscribe(subscription);
        Frame(high, keyframe: true, packets: 4);
        ushort secondOfNewLayer = (ushort)(sender.Packets[^1].Sequence + 2);

        subscription.RequestRetransmission(secondOfNewLayer);
        subscription.SwitchTo(low.Track);
        Frame(low, keyframe: true, packets: 2);
        Assert.Equal(secondOfNewLayer, sender.Packets[^1].Sequence);
        Frame(high, keyframe: false, packets: 1);

        Assert.Empty(sender.Resent);
        Assert.Equal(1, subscription.Retransmissions.TooLate);
    }

    [Fact]
    public void LatePacketsOfTheNewLayerFromBeforeItsKeyframeAreNotForwarded()
    {
        var high = new Layer(Track("h"), 500, 1);
        var low = new Layer(Track("l"), 2000, 9);
        var sender = new Sent();
        var subscription = new RtpSubscription(high.Track, 42, 96, sender);
        high.Track.Subscribe(subscription);
        Frame(high, keyframe: true, packets: 2);
        subscription.SwitchTo(low.Track);
        Frame(low, keyframe: true, packets: 2);
        int sent = sender.Packets.Count;

        // A retransmission of the packet before the keyframe arrives late: its viewer number would be one the viewer
        // already has from the high layer.
        low.Sequence = 1999;
        Frame(low, keyframe: false, packets: 1);
        Assert.Equal(sent, sender.Packets.Count);
    }

    [Fact]
    public void ClosingDuringASwitchLeavesNoSinkOnEitherLayer()
    {
        var high = new Layer(Track("h"), 1, 1);
        var low = new Layer(Track("l"), 1, 1);
        var sender = new Sent();
        var subscription = new RtpSubscription(high.Track, 42, 96, sender);
        high.Track.Subscribe(subscription);
        Frame(high, keyframe: true, packets: 1);
        subscription.SwitchTo(low.Track);
        subscription.Close();

        Frame(low, keyframe: true, packets: 1);
        Frame(high, keyframe: true, packets: 1);
        Assert.Single(sender.Packets);
        Assert.Same(high.Track, subscription.Track);
        Assert.Equal((0, 0), (high.Track.PacketSinkCount, low.Track.PacketSinkCount));
    }

    private static MediaTrack Track(string rid) =>
        new($"video-{rid}", MediaKind.Video, MediaCodec.H264("42e01f"), 0) { Rid = rid };

    private void Frame(Layer layer, bool keyframe, int packets)
    {
        _clock += Stopwatch.Frequency / 100;
        for (int i = 0; i < packets; i++)
        {
            var packet = _pool.Rent();
            int header = packet.WriteHeader(96, i == packets - 1, layer.Sequence++, layer.Timestamp, 7);
            packet.Buffer[header] = (byte)(keyframe && i == 0 ? 0x65 : 0x41);
            packet.Length = header + 50;
            packet.IsKeyframeStart = keyframe && i == 0;
            packet.ArrivalTimestamp = _clock;
            layer.Track.PublishPacket(packet);
            packet.Release();
        }

        layer.Timestamp += 3000;
    }

    private sealed class Layer(MediaTrack track, ushort sequence, uint timestamp)
    {
        public MediaTrack Track { get; } = track;

        public ushort Sequence { get; set; } = sequence;

        public uint Timestamp { get; set; } = timestamp;
    }

    private sealed class Sent : IRtpSender
    {
        public List<(ushort Sequence, uint Timestamp, bool Keyframe)> Packets { get; } = [];

        public List<ushort> Resent { get; } = [];

        public bool CanResend => true;

        public void Send(RtpPacket source, in RtpRewrite rewrite) => Packets.Add((rewrite.SequenceNumber, rewrite.Timestamp, source.IsKeyframeStart));

        public bool Resend(RtpPacket source, in RtpRewrite rewrite)
        {
            Resent.Add(rewrite.SequenceNumber);
            return true;
        }
    }
}

using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class SendTimeHistoryTests
{
    [Fact]
    public void Returns_send_time_and_size_of_a_received_packet()
    {
        var history = new SendTimeHistory();
        history.Record(10, 1200, 5_000);

        var match = history.Match(10, received: true, out var packet);

        Assert.Equal(FeedbackMatch.Received, match);
        Assert.Equal(5_000, packet.SendTimestamp);
        Assert.Equal(1200, packet.SizeBytes);
        Assert.Equal(10, packet.Sequence);
    }

    [Fact]
    public void Matches_across_the_16_bit_wrap()
    {
        var history = new SendTimeHistory();
        for (int i = 0; i < 100; i++)
        {
            history.Record((ushort)(65_500 + i), 1000 + i, i);
        }

        Assert.Equal(FeedbackMatch.Received, history.Match(65_535, true, out var beforeWrap));
        Assert.Equal(FeedbackMatch.Received, history.Match(0, true, out var afterWrap));
        Assert.Equal(FeedbackMatch.Received, history.Match(63, true, out var last));
        Assert.Equal(35, beforeWrap.SendTimestamp);
        Assert.Equal(36, afterWrap.SendTimestamp);
        Assert.Equal(99, last.SendTimestamp);
    }

    [Fact]
    public void Ignores_packets_never_sent_and_packets_not_yet_sent()
    {
        var history = new SendTimeHistory();
        Assert.Equal(FeedbackMatch.Ignored, history.Match(0, true, out _));

        history.Record(500, 1200, 1);

        Assert.Equal(FeedbackMatch.Ignored, history.Match(499, true, out _));
        Assert.Equal(FeedbackMatch.Ignored, history.Match(501, true, out _));
        Assert.Equal(FeedbackMatch.Ignored, history.Match(40_000, true, out _));
    }

    [Fact]
    public void Forgets_packets_older_than_the_capacity()
    {
        var history = new SendTimeHistory();
        for (int i = 0; i <= SendTimeHistory.Capacity + 10; i++)
        {
            history.Record((ushort)i, 1200, i);
        }

        Assert.Equal(FeedbackMatch.Ignored, history.Match(5, true, out _));
        Assert.Equal(FeedbackMatch.Received, history.Match(11, true, out var oldestKept));
        Assert.Equal(11, oldestKept.SendTimestamp);
    }

    [Fact]
    public void Reports_a_duplicate_only_once()
    {
        var history = new SendTimeHistory();
        history.Record(7, 1200, 1);

        Assert.Equal(FeedbackMatch.Received, history.Match(7, true, out _));
        Assert.Equal(FeedbackMatch.Ignored, history.Match(7, true, out _));
        Assert.Equal(FeedbackMatch.Ignored, history.Match(7, false, out _));
    }

    [Fact]
    public void Counts_a_loss_once_and_still_accepts_a_late_arrival()
    {
        var history = new SendTimeHistory();
        history.Record(7, 1200, 1);

        Assert.Equal(FeedbackMatch.Lost, history.Match(7, false, out _));
        Assert.Equal(FeedbackMatch.Ignored, history.Match(7, false, out _));
        Assert.Equal(FeedbackMatch.ReceivedAfterReportedLost, history.Match(7, true, out var packet));
        Assert.Equal(1, packet.SendTimestamp);
    }

    [Fact]
    public void Reused_slot_no_longer_matches_the_old_sequence()
    {
        var history = new SendTimeHistory();
        history.Record(3, 100, 1);
        history.Record(3 + SendTimeHistory.Capacity, 200, 2);

        Assert.Equal(FeedbackMatch.Ignored, history.Match(3, true, out _));
        Assert.Equal(FeedbackMatch.Received, history.Match(3 + SendTimeHistory.Capacity, true, out var packet));
        Assert.Equal(200, packet.SizeBytes);
    }

    [Fact]
    public void Clamps_sizes_that_do_not_fit_a_udp_datagram()
    {
        var history = new SendTimeHistory();
        history.Record(1, 100_000, 1);
        history.Record(2, -4, 1);

        history.Match(1, true, out var huge);
        history.Match(2, true, out var negative);

        Assert.Equal(ushort.MaxValue, huge.SizeBytes);
        Assert.Equal(0, negative.SizeBytes);
    }

    [Fact]
    public void Entry_is_twelve_bytes_so_the_history_stays_small()
    {
        Assert.Equal(12, System.Runtime.CompilerServices.Unsafe.SizeOf<SentPacket>());
    }

    [Theory]
    [InlineData(5, 10, 5)]
    [InlineData(65_535, 65_536, 65_535)]
    [InlineData(0, 65_535, 65_536)]
    [InlineData(65_535, 65_536 + 10, 65_535)]
    [InlineData(100, 65_536 * 3, (65_536 * 3) + 100)]
    [InlineData(65_500, 10, -36)]
    public void Unwraps_to_the_nearest_value(int sequence, long reference, long expected)
    {
        Assert.Equal(expected, TransportSequence.Unwrap((ushort)sequence, reference));
    }
}

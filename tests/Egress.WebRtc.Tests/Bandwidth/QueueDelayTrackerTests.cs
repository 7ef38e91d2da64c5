using Egress.WebRtc.Bandwidth;

namespace Egress.WebRtc.Tests.Bandwidth;

public sealed class QueueDelayTrackerTests
{
    [Fact]
    public void Standing_queue_is_the_feedback_minimum_above_the_base_delay()
    {
        var tracker = new QueueDelayTracker();
        AddSteady(tracker, fromMs: 0, toMs: 2000, delayMs: 30);

        tracker.BeginFeedback();
        AddSteady(tracker, fromMs: 2000, toMs: 2100, delayMs: 100);

        Assert.Equal(70, tracker.StandingQueueMs, 9);
    }

    [Fact]
    public void A_jitter_spike_is_not_a_standing_queue()
    {
        var tracker = new QueueDelayTracker();
        AddSteady(tracker, fromMs: 0, toMs: 2000, delayMs: 30);

        tracker.BeginFeedback();
        tracker.Add(2000, 2200);
        tracker.Add(2010, 2040);

        Assert.Equal(0, tracker.StandingQueueMs, 9);
    }

    [Fact]
    public void Base_delay_is_forgotten_after_the_window()
    {
        var tracker = new QueueDelayTracker();
        AddSteady(tracker, fromMs: 0, toMs: 1000, delayMs: 30);

        AddSteady(tracker, fromMs: 1000, toMs: 1000 + ((QueueDelayTracker.WindowSeconds + 1) * 1000), delayMs: 100);
        tracker.BeginFeedback();
        AddSteady(tracker, fromMs: 20_000, toMs: 20_100, delayMs: 100);

        Assert.Equal(0, tracker.StandingQueueMs, 9);
    }

    [Fact]
    public void Receiver_clock_jump_restarts_the_base()
    {
        var tracker = new QueueDelayTracker();
        AddSteady(tracker, fromMs: 0, toMs: 2000, delayMs: 30);

        tracker.BeginFeedback();
        tracker.Add(2000, 2000 + 50_000);

        Assert.Equal(0, tracker.StandingQueueMs, 9);
    }

    [Fact]
    public void Unknown_until_packets_arrive()
    {
        var tracker = new QueueDelayTracker();
        tracker.BeginFeedback();

        Assert.Equal(0, tracker.StandingQueueMs);
    }

    private static void AddSteady(QueueDelayTracker tracker, double fromMs, double toMs, double delayMs)
    {
        for (double send = fromMs; send < toMs; send += 5)
        {
            tracker.Add(send, send + delayMs);
        }
    }
}

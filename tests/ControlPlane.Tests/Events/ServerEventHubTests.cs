using System.Threading.Channels;
using ControlPlane.Events;
using Google.Protobuf.WellKnownTypes;
using Sfu.Admin.V1;

namespace ControlPlane.Tests.Events;

public sealed class ServerEventHubTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 30, 15, 250, TimeSpan.Zero);

    [Fact]
    public void EventsAreNumberedFromOneAndStampedWithTheProvidersTime()
    {
        var hub = new ServerEventHub(new FixedTimeProvider(Now));
        using var watcher = hub.Watch();

        for (int i = 0; i < 3; i++)
        {
            hub.Publish(Revoked($"k{i}"));
        }

        var events = Drain(watcher.Events);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(["k0", "k1", "k2"], events.Select(e => e.KeyRevoked.KeyId));
        Assert.All(events, e => Assert.Equal(Timestamp.FromDateTimeOffset(Now), e.Time));
        Assert.All(events, e => Assert.Equal(Now, e.Time.ToDateTimeOffset()));
    }

    [Fact]
    public void SequenceNumbersKeepCountingWithoutWatchers()
    {
        // Numbers are per node, not per watcher: a watcher joining late sees where the node is, not 1.
        var hub = new ServerEventHub(new FixedTimeProvider(Now));
        hub.Publish(Revoked("before-1"));
        hub.Publish(Revoked("before-2"));
        using var watcher = hub.Watch();

        hub.Publish(Revoked("after"));

        var only = Assert.Single(Drain(watcher.Events));
        Assert.Equal(3, only.Sequence);
        Assert.Equal("after", only.KeyRevoked.KeyId);
    }

    [Fact]
    public void EveryWatcherGetsEveryEventInOrder()
    {
        var hub = new ServerEventHub(new FixedTimeProvider(Now));
        using var first = hub.Watch();
        using var second = hub.Watch();

        hub.Publish(Revoked("a"));
        hub.Publish(new Event { DrainStarted = new DrainStarted() });
        hub.Publish(Revoked("b"));

        foreach (var watcher in new[] { first, second })
        {
            var events = Drain(watcher.Events);
            Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
            Assert.Equal(
                [Event.KindOneofCase.KeyRevoked, Event.KindOneofCase.DrainStarted, Event.KindOneofCase.KeyRevoked],
                events.Select(e => e.KindCase));
        }
    }

    [Fact]
    public void AWatcherSeesOnlyEventsPublishedAfterWatch()
    {
        var hub = new ServerEventHub(new FixedTimeProvider(Now));
        using var early = hub.Watch();
        hub.Publish(Revoked("early-only"));
        using var late = hub.Watch();
        hub.Publish(Revoked("both"));

        Assert.Equal(["early-only", "both"], Drain(early.Events).Select(e => e.KeyRevoked.KeyId));
        Assert.Equal(["both"], Drain(late.Events).Select(e => e.KeyRevoked.KeyId));
    }

    [Fact]
    public async Task DisposingAWatcherRemovesItAndCompletesItsReader()
    {
        var hub = new ServerEventHub(new FixedTimeProvider(Now));
        var leaving = hub.Watch();
        using var staying = hub.Watch();
        Assert.Equal(2, hub.WatcherCount);
        hub.Publish(Revoked("seen"));

        leaving.Dispose();
        hub.Publish(Revoked("unseen"));

        Assert.Equal(1, hub.WatcherCount);
        // What was delivered before disposal may still be read; then the reader ends cleanly (no error).
        Assert.Equal(["seen"], Drain(leaving.Events).Select(e => e.KeyRevoked.KeyId));
        await leaving.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(leaving.Events.Completion.IsCompletedSuccessfully);
        Assert.Equal(["seen", "unseen"], Drain(staying.Events).Select(e => e.KeyRevoked.KeyId));

        // Disposing twice is harmless.
        leaving.Dispose();
        Assert.Equal(1, hub.WatcherCount);
    }

    [Fact]
    public async Task AWatcherTooFarBehindIsCutOffWithoutAffectingOthers()
    {
        var hub = new ServerEventHub(new FixedTimeProvider(Now));
        using var slow = hub.Watch();
        using var fast = hub.Watch();
        long fastLast = 0;

        void PublishAndKeepUp()
        {
            hub.Publish(Revoked("k"));
            Assert.True(fast.Events.TryRead(out var evt));
            Assert.Equal(fastLast + 1, evt.Sequence);
            fastLast = evt.Sequence;
        }

        // Exactly a full buffer unread is still tolerated.
        for (int i = 0; i < ServerEventHub.WatcherCapacity; i++)
        {
            PublishAndKeepUp();
        }

        Assert.False(slow.Events.Completion.IsCompleted);
        Assert.Equal(2, hub.WatcherCount);

        // One more than it can hold: the slow watcher is dropped rather than silently skipping an event.
        PublishAndKeepUp();

        Assert.Equal(1, hub.WatcherCount);
        var buffered = Drain(slow.Events);
        Assert.Equal(ServerEventHub.WatcherCapacity, buffered.Count);
        Assert.Equal(Enumerable.Range(1, ServerEventHub.WatcherCapacity).Select(i => (long)i), buffered.Select(e => e.Sequence));
        await Assert.ThrowsAsync<EventWatcherTooSlowException>(() => slow.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5)));

        // The fast watcher carries on with the next number.
        PublishAndKeepUp();
        Assert.Equal(ServerEventHub.WatcherCapacity + 2, fastLast);
        Assert.False(fast.Events.Completion.IsCompleted);
    }

    [Fact]
    public async Task ConcurrentPublishersProduceGapFreeIncreasingSequences()
    {
        const int Threads = 4;
        const int PerThread = 2_000;
        var hub = new ServerEventHub(new FixedTimeProvider(Now));
        using var watcher = hub.Watch();
        var seen = new List<(long Sequence, string KeyId)>();
        var reader = Task.Run(async () =>
        {
            await foreach (var evt in watcher.Events.ReadAllAsync())
            {
                seen.Add((evt.Sequence, evt.KeyRevoked.KeyId));
                if (seen.Count == Threads * PerThread)
                {
                    return;
                }
            }
        });

        using var start = new Barrier(Threads);
        var publishers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                hub.Publish(Revoked($"{t}:{i}"));
            }
        })).ToList();
        publishers.ForEach(p => p.Start());
        publishers.ForEach(p => p.Join());
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, Threads * PerThread).Select(i => (long)i), seen.Select(s => s.Sequence));
        // Each publisher's own events stay in the order it published them.
        for (int t = 0; t < Threads; t++)
        {
            string prefix = $"{t}:";
            Assert.Equal(
                Enumerable.Range(0, PerThread).Select(i => $"{t}:{i}"),
                seen.Select(s => s.KeyId).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)));
        }

        Assert.Equal(1, hub.WatcherCount);
    }

    private static Event Revoked(string keyId) => new() { KeyRevoked = new KeyRevoked { KeyId = keyId } };

    private static List<Event> Drain(ChannelReader<Event> reader)
    {
        var events = new List<Event>();
        while (reader.TryRead(out var evt))
        {
            events.Add(evt);
        }

        return events;
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

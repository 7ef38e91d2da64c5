using Sfu.Core.Streams;

namespace Sfu.Core.Tests.Streams;

public sealed class StreamReconnectTests
{
    [Fact]
    public void PublisherThatComesBackWithinTheGraceContinuesTheSameStream()
    {
        var registry = new StreamRegistry();
        var events = new List<string>();
        registry.StreamSuspended += s => events.Add("suspended " + s.Name);
        registry.StreamResumed += s => events.Add("resumed " + s.Name);
        registry.StreamEnded += s => events.Add("ended " + s.Name);
        Assert.True(registry.TryStart("show", new PublisherEndpoint("rtmp", "10.0.0.1:1000"), out var stream));
        var ended = 0;
        stream.Ended += _ => ended++;

        registry.Suspend(stream, TimeSpan.FromMinutes(1));
        Assert.True(stream.IsWaitingForPublisher);
        Assert.True(registry.TryGet("show", out var waiting) && ReferenceEquals(waiting, stream));

        Assert.True(registry.TryStart("show", new PublisherEndpoint("rtmp", "10.0.0.1:2000"), out var resumed));
        Assert.Same(stream, resumed);
        Assert.False(stream.IsWaitingForPublisher);
        Assert.Equal(new PublisherEndpoint("rtmp", "10.0.0.1:2000"), stream.Publisher);
        Assert.Equal(0, ended);
        Assert.Equal(["suspended show", "resumed show"], events);

        // Live again: a second publisher on the name is refused as before.
        Assert.False(registry.TryStart("show", new PublisherEndpoint("rtmp", "10.0.0.9:1"), out _));
    }

    [Fact]
    public async Task StreamEndsWhenTheGraceRunsOut()
    {
        var registry = new StreamRegistry();
        Assert.True(registry.TryStart("show", new PublisherEndpoint("rtmp", "a"), out var stream));
        var ended = new TaskCompletionSource();
        stream.Ended += _ => ended.TrySetResult();
        registry.Suspend(stream, TimeSpan.FromMilliseconds(100));
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stream.IsEnded);
        Assert.False(registry.TryGet("show", out _));

        // The name is free: a new publisher starts a new stream.
        Assert.True(registry.TryStart("show", new PublisherEndpoint("rtmp", "b"), out var fresh));
        Assert.NotSame(stream, fresh);
    }

    [Fact]
    public void ZeroGraceEndsAtOnceAndSuspendingTwiceKeepsTheFirstTimer()
    {
        var registry = new StreamRegistry();
        Assert.True(registry.TryStart("a", new PublisherEndpoint("rtmp", "a"), out var a));
        registry.Suspend(a, TimeSpan.Zero);
        Assert.True(a.IsEnded);

        Assert.True(registry.TryStart("b", new PublisherEndpoint("rtmp", "b"), out var b));
        registry.Suspend(b, TimeSpan.FromMinutes(1));
        registry.Suspend(b, TimeSpan.FromMinutes(1));
        Assert.True(b.IsWaitingForPublisher);
        registry.End(b);
        Assert.True(b.IsEnded);
        Assert.False(b.IsWaitingForPublisher);
    }

    [Fact]
    public void SuspendingDropsTheKeyframeCacheAndResumingForgetsTheMediaClockAnchor()
    {
        var registry = new StreamRegistry();
        Assert.True(registry.TryStart("s", new PublisherEndpoint("rtmp", "x"), out var stream));
        stream.Clock.Anchor(5_000, 1);
        Assert.True(stream.Clock.TryGetMediaMs(1, out _));
        registry.Suspend(stream, TimeSpan.FromMinutes(1));
        Assert.True(registry.TryStart("s", new PublisherEndpoint("rtmp", "again"), out _));
        Assert.False(stream.Clock.TryGetMediaMs(1, out _));
        stream.Clock.Anchor(0, 2);
        Assert.True(stream.Clock.TryGetMediaMs(2, out double ms));
        Assert.Equal(0, ms);
    }
}

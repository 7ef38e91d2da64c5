using System.Diagnostics;
using Sfu.Core.Stats;

namespace Sfu.Core.Tests.Stats;

public sealed class SetupTraceTests
{
    [Fact]
    public void CompleteEmitsARootSpanWithContiguousChildSpansPerStep()
    {
        using var collector = new Collector();
        string name = UniqueName();
        var trace = new SetupTrace(name);

        foreach (string step in new[] { "ice", "dtls", "first-packet" })
        {
            WaitForClockToMove();
            trace.Step(step);
        }

        WaitForClockToMove();
        trace.Complete();

        var (root, children) = collector.TraceOf(name);
        Assert.True(trace.IsFinished);
        Assert.Equal(ActivityStatusCode.Ok, root.Status);
        Assert.Equal(ActivityKind.Internal, root.Kind);
        Assert.Equal(default(ActivitySpanId), root.ParentSpanId);
        Assert.Equal(["ice", "dtls", "first-packet"], children.Select(c => c.DisplayName));
        Assert.All(children, c => Assert.Equal(root.TraceId, c.TraceId));

        // Steps are back to back: each begins exactly where the previous ended, the first when the trace began.
        Assert.Equal(root.StartTimeUtc, children[0].StartTimeUtc);
        for (int i = 1; i < children.Count; i++)
        {
            Assert.Equal(End(children[i - 1]), children[i].StartTimeUtc);
        }

        Assert.All(children, c => Assert.True(c.Duration > TimeSpan.Zero));
        // The setup ends when its last step did, not when Complete was called (later).
        Assert.Equal(End(children[^1]), End(root));
    }

    [Fact]
    public void SecondCompleteOrFailEmitsNothingMore()
    {
        using var collector = new Collector();
        string name = UniqueName();
        var trace = new SetupTrace(name);
        WaitForClockToMove();
        trace.Step("only");

        trace.Complete();
        trace.Complete();
        trace.Fail("too late");

        Assert.Single(collector.Stopped(name));
        Assert.Equal(ActivityStatusCode.Ok, collector.TraceOf(name).Root.Status);
        Assert.Single(collector.TraceOf(name).Children);
    }

    [Fact]
    public void FailEmitsARootWithErrorStatusAndTheReason()
    {
        using var collector = new Collector();
        string name = UniqueName();
        var trace = new SetupTrace(name);
        WaitForClockToMove();
        trace.Step("offer");
        WaitForClockToMove();

        trace.Fail("ICE failed");
        trace.Complete();

        var (root, children) = collector.TraceOf(name);
        Assert.Single(collector.Stopped(name));
        Assert.Equal(ActivityStatusCode.Error, root.Status);
        Assert.Equal("ICE failed", root.StatusDescription);
        Assert.Equal("offer", Assert.Single(children).DisplayName);
        // A failed setup lasts until the failure, past its last completed step.
        Assert.True(End(root) > End(children[0]));
    }

    [Fact]
    public void TagsAppearOnTheRootSpan()
    {
        using var collector = new Collector();
        string name = UniqueName();
        var trace = new SetupTrace(name);
        trace.Tag("sfu.stream", "cam1");
        trace.Tag("sfu.layers", 3);
        WaitForClockToMove();
        trace.Step("ice");

        trace.Complete();

        var (root, children) = collector.TraceOf(name);
        var tags = root.TagObjects.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("cam1", tags["sfu.stream"]);
        Assert.Equal(3, tags["sfu.layers"]);
        Assert.Empty(Assert.Single(children).TagObjects);
    }

    [Fact]
    public void ParentContextLinksTheRootToIt()
    {
        using var collector = new Collector();
        string name = UniqueName();
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var trace = new SetupTrace(name, parent);
        WaitForClockToMove();
        trace.Step("ice");

        trace.Complete();

        var (root, children) = collector.TraceOf(name);
        Assert.Equal(parent.TraceId, root.TraceId);
        Assert.Equal(parent.SpanId, root.ParentSpanId);
        Assert.Equal(parent.TraceId, Assert.Single(children).TraceId);
    }

    [Fact]
    public void EmittingLeavesActivityCurrentAlone()
    {
        // The trace is emitted on whatever thread finishes setup, which may be running its own activity (here one
        // unrelated to the trace's parent); that activity must still be current afterwards.
        using var collector = new Collector();
        string name = UniqueName();
        var remoteParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var trace = new SetupTrace(name, remoteParent);
        WaitForClockToMove();
        trace.Step("ice");
        using var ambient = new Activity("ambient").Start();

        trace.Complete();

        Assert.Same(ambient, Activity.Current);
        Assert.Equal(remoteParent.SpanId, collector.TraceOf(name).Root.ParentSpanId);
    }

    [Fact]
    public void WithoutAListenerNothingThrows()
    {
        var trace = new SetupTrace(UniqueName());
        trace.Tag("k", "v");
        trace.Step("ice");

        trace.Complete();
        trace.Fail("ignored");

        Assert.True(trace.IsFinished);
    }

    // A span built with an explicit end time keeps it only if its duration is non-zero (Stop overwrites a zero one),
    // so every step must be at least one TimeSpan tick after the previous one.
    private static void WaitForClockToMove()
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromMilliseconds(1))
        {
            Thread.SpinWait(100);
        }
    }

    private static DateTime End(Activity activity) => activity.StartTimeUtc + activity.Duration;

    // The source is static and tests run in parallel, so each test names its trace uniquely and filters by it.
    private static string UniqueName() => "test.setup." + Guid.NewGuid().ToString("N");

    private sealed class Collector : IDisposable
    {
        private readonly List<Activity> _stopped = [];
        private readonly ActivityListener _listener;

        public Collector()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Sfu",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (_stopped)
                    {
                        _stopped.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Stopped(string name)
        {
            lock (_stopped)
            {
                return _stopped.Where(a => a.DisplayName == name).ToList();
            }
        }

        public (Activity Root, List<Activity> Children) TraceOf(string name)
        {
            var root = Assert.Single(Stopped(name));
            lock (_stopped)
            {
                // Children stop before the root, in step order.
                return (root, _stopped.Where(a => a.ParentSpanId == root.SpanId && a.TraceId == root.TraceId).ToList());
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

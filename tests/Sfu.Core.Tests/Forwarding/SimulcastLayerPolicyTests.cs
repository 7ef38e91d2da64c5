using System.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Streams;

namespace Sfu.Core.Tests.Forwarding;

public sealed class SimulcastLayerPolicyTests
{
    private const long Audio = 40_000;
    private static readonly MediaTrack High = Layer("h");
    private static readonly MediaTrack Mid = Layer("m");
    private static readonly MediaTrack Low = Layer("l");
    private long _now = Stopwatch.GetTimestamp();

    [Fact]
    public void StartsOnTheHighestLayerTheEstimateCoversAndOnTheFirstListedWhileNoRateIsKnown()
    {
        Assert.Same(High, new SimulcastLayerPolicy().Start(_now, 3_000_000, Rates(2_000_000, 600_000, 150_000), Audio));
        Assert.Same(Mid, new SimulcastLayerPolicy().Start(_now, 1_000_000, Rates(2_000_000, 600_000, 150_000), Audio));
        Assert.Same(Low, new SimulcastLayerPolicy().Start(_now, 100_000, Rates(2_000_000, 600_000, 150_000), Audio));
        Assert.Same(High, new SimulcastLayerPolicy().Start(_now, 100_000, Rates(0, 0, 0), Audio));
    }

    [Fact]
    public void MovesDownAfterTheHoldToTheHighestLayerThatStillFits()
    {
        var policy = new SimulcastLayerPolicy();
        policy.Start(_now, 3_000_000, Rates(2_000_000, 600_000, 150_000), Audio);

        // A dip shorter than the hold changes nothing; a second below moves the viewer to the middle layer.
        Assert.Same(High, Run(policy, TimeSpan.FromMilliseconds(750), 900_000));
        Assert.Same(High, Run(policy, TimeSpan.FromMilliseconds(250), 3_000_000));
        Assert.Same(Mid, Run(policy, TimeSpan.FromMilliseconds(1250), 900_000));
        Assert.Equal(1, policy.Switches);
    }

    [Fact]
    public void TriesTheNextLayerUpAfterTheRetryAndBacksOffWhenTheTrialFails()
    {
        var policy = new SimulcastLayerPolicy();
        policy.Start(_now, 800_000, Rates(2_000_000, 600_000, 150_000), Audio);
        Assert.Same(Mid, policy.Current);

        // The estimate stays near what the middle layer delivers: after 4 s the high layer is tried, fails, and is
        // tried again only after twice as long.
        Assert.Same(Mid, Run(policy, TimeSpan.FromMilliseconds(3750), 800_000));
        Assert.Same(High, Run(policy, TimeSpan.FromMilliseconds(500), 800_000));
        Assert.Same(High, Run(policy, TimeSpan.FromMilliseconds(2500), 800_000));
        Assert.Same(Mid, Run(policy, TimeSpan.FromMilliseconds(500), 800_000));
        Assert.Equal(1, policy.FailedTrials);
        Assert.Same(Mid, Run(policy, TimeSpan.FromMilliseconds(7500), 800_000));
        Assert.Same(High, Run(policy, TimeSpan.FromMilliseconds(500), 800_000));
    }

    [Fact]
    public void ATrialTheEstimateFollowsIsKeptAndMovesUpAtOnceWhenTheEstimateCoversMore()
    {
        var policy = new SimulcastLayerPolicy();
        policy.Start(_now, 200_000, Rates(2_000_000, 600_000, 150_000), Audio);
        Assert.Same(Low, policy.Current);

        // The trial of the middle layer shows the link carries it; a link that then carries far more goes straight up.
        Assert.Same(Mid, Run(policy, TimeSpan.FromMilliseconds(4250), 250_000));
        Assert.Same(Mid, Run(policy, TimeSpan.FromSeconds(2), 900_000));
        Assert.Same(High, Run(policy, TimeSpan.FromSeconds(1), 2_700_000));
        Assert.Equal(0, policy.FailedTrials);
    }

    [Fact]
    public void ALayerThePublisherStopsSendingIsLeftAtOnce()
    {
        var policy = new SimulcastLayerPolicy();
        policy.Start(_now, 3_000_000, Rates(2_000_000, 600_000, 150_000), Audio);
        _now += Stopwatch.Frequency / 4;
        Assert.Same(Mid, policy.Update(_now, 3_000_000, Rates(0, 600_000, 150_000), Audio));
    }

    [Fact]
    public void WhileVideoIsSuspendedTheViewerOnlyMovesDown()
    {
        var policy = new SimulcastLayerPolicy();
        policy.Start(_now, 100_000, Rates(2_000_000, 600_000, 150_000), Audio);
        for (int i = 0; i < 100; i++)
        {
            _now += Stopwatch.Frequency / 4;
            Assert.Same(Low, policy.Update(_now, 3_000_000, Rates(2_000_000, 600_000, 150_000), Audio, videoSuspended: true));
        }
    }

    /// <summary>Ticks every 250 ms for <paramref name="duration"/> at a fixed estimate; returns the last choice.</summary>
    private MediaTrack Run(SimulcastLayerPolicy policy, TimeSpan duration, long estimate)
    {
        var end = _now + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        MediaTrack chosen = policy.Current!;
        while (_now < end)
        {
            _now += Stopwatch.Frequency / 4;
            chosen = policy.Update(_now, estimate, Rates(2_000_000, 600_000, 150_000), Audio);
        }

        return chosen;
    }

    private static LayerRate[] Rates(long high, long mid, long low) => [new(High, high), new(Mid, mid), new(Low, low)];

    private static MediaTrack Layer(string rid) => new($"video-{rid}", MediaKind.Video, MediaCodec.H264("42e01f"), 0) { Rid = rid };
}

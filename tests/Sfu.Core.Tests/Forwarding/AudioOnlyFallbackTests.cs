using System.Diagnostics;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

public sealed class AudioOnlyFallbackTests
{
    private const long Video = 2_500_000;
    private const long Audio = 100_000;
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void AnEstimateThatCarriesTheStreamKeepsVideo()
    {
        var fallback = new AudioOnlyFallback();
        for (long t = 0; t < 60 * 4; t++)
        {
            Assert.False(fallback.Update(At(t / 4.0), 2_700_000, Video, Audio));
        }

        Assert.False(fallback.IsAudioOnly);
    }

    [Fact]
    public void ADipShorterThanTheHoldDoesNotSwitch()
    {
        var fallback = new AudioOnlyFallback();
        Run(fallback, from: 0, to: 5, estimate: 2_700_000);
        Run(fallback, from: 5, to: 6.5, estimate: 1_000_000);
        Run(fallback, from: 6.5, to: 10, estimate: 2_700_000);
        Assert.Equal(0, fallback.SwitchesToAudioOnly);
    }

    [Fact]
    public void AnEstimateBelowTheStreamSwitchesToAudioAfterTheHoldThenRetriesWithGrowingBackoff()
    {
        var fallback = new AudioOnlyFallback();
        Run(fallback, from: 0, to: 5, estimate: 2_700_000);
        var switches = Run(fallback, from: 5, to: 120, estimate: 1_300_000);

        // First switch 2 s after the drop; retries after 4, 8, 16, 30, 30 … s of audio, each failing after the 3 s grace.
        Assert.Equal(7.0, switches[0].At, 1);
        Assert.True(switches[0].AudioOnly);
        Assert.Equal(11.0, switches[1].At, 1);
        Assert.False(switches[1].AudioOnly);
        Assert.Equal(14.0, switches[2].At, 1);
        Assert.Equal(22.0, switches[3].At, 1);
        Assert.Equal([4.0, 8.0, 16.0, 30.0, 30.0], AudioOnlyDurations(switches).Take(5));
        Assert.True(fallback.IsAudioOnly || switches[^1].AudioOnly == false);
    }

    [Fact]
    public void AVideoTrialThatHoldsStaysAndResetsTheBackoff()
    {
        var fallback = new AudioOnlyFallback();
        Run(fallback, from: 0, to: 1, estimate: 2_700_000);
        var first = Run(fallback, from: 1, to: 9.5, estimate: 1_000_000);
        Assert.Equal([true, false], first.Select(s => s.AudioOnly));

        // The link recovered: the trial at 7 s sees the estimate follow the stream and video stays on.
        var recovered = Run(fallback, from: 9.5, to: 40, estimate: 2_800_000);
        Assert.Empty(recovered);
        Assert.False(fallback.IsAudioOnly);

        // A later drop starts again from the first back-off (4 s), not a doubled one.
        var again = Run(fallback, from: 40, to: 48, estimate: 1_000_000);
        Assert.Equal([true, false], again.Select(s => s.AudioOnly));
        Assert.Equal(4.0, again[1].At - again[0].At, 1);
        Assert.Equal(1, fallback.VideoRetries - 1);
    }

    [Fact]
    public void NoVideoRateMeansNothingToDecide()
    {
        var fallback = new AudioOnlyFallback();
        Assert.Empty(Run(fallback, from: 0, to: 20, estimate: 50_000, video: 0));
    }

    private static long At(double seconds) => (long)(seconds * Second) + Second;

    private static List<(double At, bool AudioOnly)> Run(AudioOnlyFallback fallback, double from, double to, long estimate, long video = Video)
    {
        var switches = new List<(double, bool)>();
        for (double t = from; t < to; t += 0.25)
        {
            if (fallback.Update(At(t), estimate, video, Audio))
            {
                switches.Add((t, fallback.IsAudioOnly));
            }
        }

        return switches;
    }

    private static IEnumerable<double> AudioOnlyDurations(List<(double At, bool AudioOnly)> switches)
    {
        for (int i = 0; i + 1 < switches.Count; i++)
        {
            if (switches[i].AudioOnly && !switches[i + 1].AudioOnly)
            {
                yield return switches[i + 1].At - switches[i].At;
            }
        }
    }
}

namespace Sfu.Core.Forwarding;

/// <summary>Timings and margins of <see cref="SimulcastLayerPolicy"/> (configuration section <c>Sfu:WebRtc:Simulcast</c>).</summary>
public sealed class SimulcastOptions
{
    /// <summary>A viewer stays on a layer while its estimate is at least the layer's rate (with audio) × this.</summary>
    public double KeepShare { get; set; } = 0.9;

    /// <summary>A viewer moves up at once to a layer whose rate (with audio) × this its estimate already covers.</summary>
    public double UpShare { get; set; } = 1.15;

    /// <summary>The estimate must stay below a layer's keep level this long before the viewer moves down.</summary>
    public TimeSpan HoldDown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The estimate must cover a higher layer this long before the viewer moves up.</summary>
    public TimeSpan HoldUp { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After moving down, how long before the next layer up is tried with the real stream (an estimate built from a
    /// lower layer cannot show that a higher one fits); doubles after each failed trial.
    /// </summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest wait between trials of a higher layer.</summary>
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a trial starts, how long before it can be ended (the estimate needs to see the higher rate).</summary>
    public TimeSpan TrialGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A layer reached by a trial and kept this long counts as fitting: the back-off starts over.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(10);
}

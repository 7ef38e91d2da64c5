namespace Sfu.Core.Forwarding;

/// <summary>Timings of <see cref="AudioOnlyFallback"/> (configuration section <c>Sfu:WebRtc:AudioOnlyFallback</c>).</summary>
public sealed class AudioOnlyFallbackOptions
{
    /// <summary>Move viewers whose estimate cannot carry the video to audio only (off: they keep getting everything).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The estimate must stay below the stream's rate × <see cref="RequiredShare"/> this long before video stops.</summary>
    public TimeSpan HoldDown { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of the stream's rate an estimate must reach to keep video (VBR video peaks above its average).</summary>
    public double RequiredShare { get; set; } = 0.9;

    /// <summary>First wait before video is tried again; doubles after each failed trial.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest wait between video trials.</summary>
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After video is tried again, how long before it can be stopped again (the estimate needs to see it).</summary>
    public TimeSpan TrialGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Video that stays on this long resets the back-off to <see cref="FirstRetry"/>.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(20);
}

namespace Sfu.Core.Rtp;

/// <summary>Limits and timings of a <see cref="NackGenerator"/>.</summary>
public sealed class NackGeneratorOptions
{
    /// <summary>Most missing sequence numbers tracked at once; a larger gap clears the list and asks for a keyframe.</summary>
    public int MaxMissing { get; set; } = 512;

    /// <summary>A missing packet older than this is given up (a retransmission would come too late to play).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>NACKs sent for one sequence number before it is given up (at most 254).</summary>
    public int MaxRetries { get; set; } = 10;

    /// <summary>
    /// How long a gap must stay open before its first NACK, so that mere reordering (packets a few milliseconds
    /// apart, swapped on the path) does not trigger a needless retransmission.
    /// </summary>
    public TimeSpan ReorderWait { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>Round trip assumed between repeats while the caller does not know one yet (libwebrtc's default too).</summary>
    public TimeSpan DefaultRoundTripTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Shortest wait between repeats for one number, so a LAN's tiny round trip does not burn every retry at once.</summary>
    public TimeSpan MinRetryInterval { get; set; } = TimeSpan.FromMilliseconds(10);
}

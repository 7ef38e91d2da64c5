namespace Sfu.Core.Streams;

/// <summary>Running totals for one track, updated by the publisher thread and read by stats.</summary>
public sealed class TrackCounters
{
    private long _packets;
    private long _bytes;
    private long _frames;
    private long _keyframes;
    private long _lastKeyframeAt;
    private long _keyframeIntervalTicks;
    private long _lastFrameAt;
    private long _longestFrameGapTicks;

    /// <summary>RTP packets published.</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>Payload bytes published (RTP packets or frames).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Frames (access units) published.</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>Keyframes published.</summary>
    public long Keyframes => Volatile.Read(ref _keyframes);

    /// <summary>Time between the last two keyframes, once there have been two.</summary>
    public TimeSpan? KeyframeInterval
    {
        get
        {
            long ticks = Volatile.Read(ref _keyframeIntervalTicks);
            return ticks > 0 ? TimeSpan.FromSeconds(ticks / (double)System.Diagnostics.Stopwatch.Frequency) : null;
        }
    }

    internal void AddPacket(int bytes)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, bytes);
    }

    /// <summary>
    /// The longest time between two consecutive frames arriving from the source (see <see cref="NoteSourceFrame"/>)
    /// since the last call, then starts over: a source that stalls (an encoder starved of CPU, a congested uplink)
    /// shows here, apart from anything the server did after the frame arrived.
    /// </summary>
    public TimeSpan TakeLongestFrameGap() =>
        TimeSpan.FromSeconds(Interlocked.Exchange(ref _longestFrameGapTicks, 0) / (double)System.Diagnostics.Stopwatch.Frequency);

    /// <summary>A frame arrived from the source, before any processing (the ingest calls it as it reads one).</summary>
    public void NoteSourceFrame()
    {
        long arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        long previous = Interlocked.Exchange(ref _lastFrameAt, arrived);
        if (previous != 0 && arrived - previous > Volatile.Read(ref _longestFrameGapTicks))
        {
            Volatile.Write(ref _longestFrameGapTicks, arrived - previous);
        }
    }

    internal void AddFrame(bool keyframe, int bytes)
    {
        Interlocked.Increment(ref _frames);

        if (keyframe)
        {
            Interlocked.Increment(ref _keyframes);
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            long last = Interlocked.Exchange(ref _lastKeyframeAt, now);
            if (last != 0)
            {
                Volatile.Write(ref _keyframeIntervalTicks, now - last);
            }
        }

        if (bytes > 0)
        {
            Interlocked.Add(ref _bytes, bytes);
        }
    }
}

namespace Ingest.Rtmp.Publishing;

/// <summary>Turns 32-bit RTMP millisecond timestamps into a 64-bit clock that never runs backwards.</summary>
/// <remarks>
/// RTMP timestamps wrap after 49.7 days. Encoders also jitter backwards by a few milliseconds (held at the last
/// value so decode order stays monotonic) or restart their clock (a jump back of more than
/// <see cref="RestartThreshold"/> ms, after which time continues from where it was).
/// </remarks>
internal struct RtmpTimestampUnwrapper
{
    /// <summary>A step back larger than this is an encoder clock restart, not jitter.</summary>
    public const int RestartThreshold = 1000;

    private bool _started;
    private uint _last;
    private long _unwrapped;

    /// <summary>Returns the unwrapped, non-decreasing timestamp in milliseconds.</summary>
    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _last = timestamp;
            _unwrapped = timestamp;
            return _unwrapped;
        }

        int delta = unchecked((int)(timestamp - _last));
        if (delta >= 0)
        {
            _unwrapped += delta;
            _last = timestamp;
        }
        else if (delta < -RestartThreshold)
        {
            _last = timestamp;
        }

        return _unwrapped;
    }
}

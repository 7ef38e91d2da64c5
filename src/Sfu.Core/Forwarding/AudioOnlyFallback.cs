using System.Diagnostics;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Decides, for a viewer of a single-layer stream, when to stop its video because its bandwidth estimate cannot carry
/// it, and when to try the video again. Called from one thread (the transport's periodic tick).
/// </summary>
/// <remarks>
/// A viewer whose link is narrower than the stream otherwise loses video and audio alike in a full queue. Dropping to
/// audio keeps the call-like part of a live stream going. An estimate built from audio alone cannot show the link has
/// recovered, so video is retried after a back-off that doubles after each failed trial (like a prober would, but
/// with the real stream), and the back-off resets once video has stayed on for a while.
/// </remarks>
public sealed class AudioOnlyFallback
{
    private readonly AudioOnlyFallbackOptions _options;
    private long _belowSince;
    private long _audioOnlySince;
    private long _videoSince;
    private TimeSpan _retryAfter;
    private TimeSpan _backoff;
    private long _switchesToAudioOnly;
    private long _videoRetries;

    /// <summary>Creates the policy with its timings.</summary>
    public AudioOnlyFallback(AudioOnlyFallbackOptions? options = null)
    {
        _options = options ?? new AudioOnlyFallbackOptions();
        _backoff = _options.FirstRetry;
    }

    /// <summary>True while the viewer gets audio only.</summary>
    public bool IsAudioOnly { get; private set; }

    /// <summary>Times the viewer was moved to audio only.</summary>
    public long SwitchesToAudioOnly => Volatile.Read(ref _switchesToAudioOnly);

    /// <summary>Times video was tried again after audio only.</summary>
    public long VideoRetries => Volatile.Read(ref _videoRetries);

    /// <summary>
    /// Feeds the current estimate and the stream's rates (bits per second); returns true when <see cref="IsAudioOnly"/>
    /// changed, so the caller suspends or resumes the video.
    /// </summary>
    public bool Update(long now, long estimateBitsPerSecond, long videoBitsPerSecond, long audioBitsPerSecond)
    {
        if (_videoSince == 0)
        {
            _videoSince = now;
        }

        if (IsAudioOnly)
        {
            if (Elapsed(_audioOnlySince, now) < _retryAfter)
            {
                return false;
            }

            IsAudioOnly = false;
            _videoSince = now;
            _belowSince = 0;
            Interlocked.Increment(ref _videoRetries);
            return true;
        }

        long needed = videoBitsPerSecond + audioBitsPerSecond;
        bool below = videoBitsPerSecond > 0 && estimateBitsPerSecond < needed * _options.RequiredShare;
        if (!below)
        {
            _belowSince = 0;
            if (Elapsed(_videoSince, now) >= _options.StableAfter)
            {
                _backoff = _options.FirstRetry;
            }

            return false;
        }

        if (_belowSince == 0)
        {
            _belowSince = now;
        }

        // A video trial needs time for the estimate to see the full stream; the hold keeps a dip from switching.
        if (Elapsed(_belowSince, now) < _options.HoldDown || Elapsed(_videoSince, now) < _options.TrialGrace)
        {
            return false;
        }

        IsAudioOnly = true;
        _audioOnlySince = now;
        _retryAfter = _backoff;
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxRetry.Ticks));
        Interlocked.Increment(ref _switchesToAudioOnly);
        return true;
    }

    private static TimeSpan Elapsed(long from, long to) => TimeSpan.FromSeconds((to - from) / (double)Stopwatch.Frequency);
}

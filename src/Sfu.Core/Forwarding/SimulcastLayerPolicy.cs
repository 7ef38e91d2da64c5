using System.Diagnostics;
using Sfu.Core.Streams;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Picks, for one viewer of a simulcast stream, the layer its bandwidth estimate can carry. Called from one thread
/// (the transport's periodic tick); the caller moves the viewer's subscription, which switches at a keyframe.
/// </summary>
/// <remarks>
/// Down is quick (a second below the layer's rate); up is at once when the estimate already covers a higher layer
/// (start-up, a link that widened while the delivered rate showed it), otherwise by a trial of the next layer up with
/// the real stream, because an estimate built from a low layer stays near that layer's rate. Failed trials double the
/// wait before the next, as the audio-only fallback's video trials do.
/// </remarks>
public sealed class SimulcastLayerPolicy
{
    private readonly SimulcastOptions _options;
    private MediaTrack? _current;
    private long _switchedAt;
    private long _belowSince;
    private long _aboveSince;
    private bool _onTrial;
    private TimeSpan _backoff;
    private TimeSpan _retryAfter;
    private long _switches;
    private long _failedTrials;

    /// <summary>Creates the policy with its margins and timings.</summary>
    public SimulcastLayerPolicy(SimulcastOptions? options = null)
    {
        _options = options ?? new SimulcastOptions();
        _backoff = _options.FirstRetry;
        _retryAfter = _options.FirstRetry;
    }

    /// <summary>The layer chosen last.</summary>
    public MediaTrack? Current => _current;

    /// <summary>Times the choice changed after the start.</summary>
    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>Trials of a higher layer that had to be ended.</summary>
    public long FailedTrials => Interlocked.Read(ref _failedTrials);

    /// <summary>
    /// The first layer for a new viewer: the highest its (initial) estimate covers, the lowest sending one when none
    /// is covered, or the first listed while no layer's rate is known. <paramref name="layers"/> is sorted in place.
    /// </summary>
    public MediaTrack Start(long now, long estimateBitsPerSecond, Span<LayerRate> layers, long audioBitsPerSecond)
    {
        if (layers.IsEmpty)
        {
            throw new ArgumentException("A stream with no layers has nothing to choose.", nameof(layers));
        }

        SortBySize(layers);
        int firstActive = FirstActive(layers);
        int chosen = firstActive < 0 ? 0 : Math.Max(firstActive, HighestCovered(layers, firstActive, layers.Length - 1, estimateBitsPerSecond, audioBitsPerSecond, _options.UpShare));
        _current = layers[chosen].Track;
        _switchedAt = now;
        return _current;
    }

    /// <summary>
    /// Feeds the estimate and the layers' current rates (sorted in place); returns the layer the viewer should be on.
    /// While the viewer's video is suspended (audio only) it only ever moves down, ready for when video resumes.
    /// </summary>
    public MediaTrack Update(long now, long estimateBitsPerSecond, Span<LayerRate> layers, long audioBitsPerSecond, bool videoSuspended = false)
    {
        if (_current is null)
        {
            return Start(now, estimateBitsPerSecond, layers, audioBitsPerSecond);
        }

        SortBySize(layers);
        int firstActive = FirstActive(layers);
        if (firstActive < 0)
        {
            return _current;
        }

        int current = IndexOf(layers, _current);
        if (current < firstActive)
        {
            // The publisher stopped sending this layer (or it is gone): the best one that is still sent.
            int best = HighestCovered(layers, firstActive, layers.Length - 1, estimateBitsPerSecond, audioBitsPerSecond, _options.KeepShare);
            return SwitchTo(layers[Math.Max(best, firstActive)].Track, now, trial: false);
        }

        bool keeps = Covers(layers[current], estimateBitsPerSecond, audioBitsPerSecond, _options.KeepShare);
        if (!keeps && current > firstActive)
        {
            if (_belowSince == 0)
            {
                _belowSince = now;
            }

            bool trialStillYoung = _onTrial && Elapsed(_switchedAt, now) < _options.TrialGrace;
            if (Elapsed(_belowSince, now) >= _options.HoldDown && !trialStillYoung)
            {
                return MoveDown(layers, firstActive, current, now, estimateBitsPerSecond, audioBitsPerSecond);
            }
        }
        else
        {
            _belowSince = 0;
        }

        if (videoSuspended || !keeps)
        {
            _aboveSince = 0;
            return _current;
        }

        if (_onTrial && Elapsed(_switchedAt, now) >= _options.StableAfter)
        {
            _onTrial = false;
            _backoff = _options.FirstRetry;
            _retryAfter = _options.FirstRetry;
        }

        int covered = HighestCovered(layers, current + 1, layers.Length - 1, estimateBitsPerSecond, audioBitsPerSecond, _options.UpShare);
        if (covered > current)
        {
            if (_aboveSince == 0)
            {
                _aboveSince = now;
            }

            if (Elapsed(_aboveSince, now) >= _options.HoldUp)
            {
                return SwitchTo(layers[covered].Track, now, trial: false);
            }
        }
        else
        {
            _aboveSince = 0;
        }

        if (current < layers.Length - 1 && Elapsed(_switchedAt, now) >= _retryAfter)
        {
            return SwitchTo(layers[current + 1].Track, now, trial: true);
        }

        return _current;
    }

    private MediaTrack MoveDown(Span<LayerRate> layers, int firstActive, int current, long now, long estimate, long audio)
    {
        int target = HighestCovered(layers, firstActive, current - 1, estimate, audio, _options.KeepShare);
        if (_onTrial)
        {
            // The layer tried did not fit: wait longer before trying it again.
            Interlocked.Increment(ref _failedTrials);
            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxRetry.Ticks));
            _retryAfter = _backoff;
        }
        else
        {
            _backoff = _options.FirstRetry;
            _retryAfter = _options.FirstRetry;
        }

        return SwitchTo(layers[Math.Max(target, firstActive)].Track, now, trial: false);
    }

    private MediaTrack SwitchTo(MediaTrack layer, long now, bool trial)
    {
        if (!ReferenceEquals(layer, _current))
        {
            Interlocked.Increment(ref _switches);
        }

        _current = layer;
        _switchedAt = now;
        _onTrial = trial;
        _belowSince = 0;
        _aboveSince = 0;
        return layer;
    }

    /// <summary>The highest index in [from, to] whose layer the estimate covers with <paramref name="share"/>, or -1.</summary>
    private static int HighestCovered(Span<LayerRate> layers, int from, int to, long estimate, long audio, double share)
    {
        for (int i = to; i >= from && i >= 0; i--)
        {
            if (layers[i].BitsPerSecond > 0 && Covers(layers[i], estimate, audio, share))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Covers(LayerRate layer, long estimate, long audio, double share) =>
        estimate >= (layer.BitsPerSecond + audio) * share;

    private static int FirstActive(Span<LayerRate> layers)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i].BitsPerSecond > 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOf(Span<LayerRate> layers, MediaTrack track)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            if (ReferenceEquals(layers[i].Track, track))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Orders layers from smallest to largest picture (as their keyframes declare it), by rate while sizes are unknown;
    /// a stable insertion sort over a few layers, so layers with nothing known keep the publisher's order. Size, not
    /// rate, decides: a still picture can make the top layer cheaper than the middle one for a while.
    /// </summary>
    private static void SortBySize(Span<LayerRate> layers)
    {
        for (int i = 1; i < layers.Length; i++)
        {
            var item = layers[i];
            int j = i - 1;
            while (j >= 0 && Compare(layers[j], item) > 0)
            {
                layers[j + 1] = layers[j];
                j--;
            }

            layers[j + 1] = item;
        }
    }

    private static int Compare(LayerRate a, LayerRate b)
    {
        long pixelsA = (long)(a.Track.Width ?? 0) * (a.Track.Height ?? 0);
        long pixelsB = (long)(b.Track.Width ?? 0) * (b.Track.Height ?? 0);
        return pixelsA != pixelsB && pixelsA > 0 && pixelsB > 0 ? pixelsA.CompareTo(pixelsB) : a.BitsPerSecond.CompareTo(b.BitsPerSecond);
    }

    private static TimeSpan Elapsed(long from, long to) => TimeSpan.FromSeconds((to - from) / (double)Stopwatch.Frequency);
}

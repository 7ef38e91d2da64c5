using System.Diagnostics;
using Egress.WebRtc.Bandwidth;
using Microsoft.Extensions.Logging;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtcp;
using Sfu.Core.Streams;

namespace Egress.WebRtc.Peers;

/// <summary>
/// Send-side bandwidth estimation from the viewer's transport-cc feedback (REMB as a fallback), and what the estimate
/// drives: the pacing rate, the retransmission budget, the simulcast layer, and the audio-only fallback.
/// </summary>
public sealed partial class WebRtcPeer
{
    /// <summary>Retransmissions may use at most this share of the estimate.</summary>
    private const double ResendShareOfEstimate = 0.25;

    private readonly SendSideBandwidthEstimator _estimator;
    private readonly AudioOnlyFallback? _fallback;
    private LayerRate[]? _layers;
    private SimulcastLayerPolicy? _layerPolicy;
    private long _estimate;
    private long _streamBitsPerSecond;

    /// <summary>The current send-side bandwidth estimate for this viewer, in bits per second.</summary>
    public long BandwidthEstimate => Interlocked.Read(ref _estimate);

    /// <summary>True while the viewer gets audio only because its estimate cannot carry the video.</summary>
    public bool IsAudioOnly => _fallback?.IsAudioOnly ?? false;

    /// <summary>What the viewer is sent: <c>audio-only</c>, the simulcast layer's rid, or <c>full</c> for a single-layer stream.</summary>
    public string CurrentLayer => IsAudioOnly ? "audio-only"
        : _subscriptions.FirstOrDefault(s => s.Track.Kind == MediaKind.Video)?.Track.Rid ?? "full";

    /// <summary>Times the viewer was moved between simulcast layers.</summary>
    public long LayerSwitches => _subscriptions.Sum(s => s.LayerSwitches);

    /// <summary>Times the viewer was moved to audio only.</summary>
    public long AudioOnlySwitches => _fallback?.SwitchesToAudioOnly ?? 0;

    /// <summary>The estimator's parts, for statistics (read under no lock: values may be a feedback apart).</summary>
    internal SendSideBandwidthEstimator Estimator => _estimator;

    private static SendSideBandwidthEstimator CreateEstimator(Transport.WebRtcOptions options) =>
        new(new BandwidthEstimatorOptions { InitialBitsPerSecond = options.InitialBandwidthEstimate });

    /// <summary>Under the send lock: every RTP packet that left, by transport-wide sequence number.</summary>
    private void OnPacketSentForEstimate(ushort transportSequence, int length, long now) =>
        _estimator.OnPacketSent(transportSequence, length, now);

    /// <summary>A transport-cc feedback packet's results, from the receive loop.</summary>
    private void OnFeedbackForEstimate(ReadOnlySpan<PacketResult> results)
    {
        long now = Stopwatch.GetTimestamp();
        lock (_sendLock)
        {
            _estimator.OnTransportFeedback(results, now);
            ApplyEstimateLocked();
        }
    }

    /// <summary>A REMB from the viewer: a cap on the estimate, or the estimate itself without transport-cc.</summary>
    private void OnRembForEstimate(long bitsPerSecond)
    {
        Stats.RembReports++;
        long now = Stopwatch.GetTimestamp();
        lock (_sendLock)
        {
            _estimator.OnRemb(bitsPerSecond, now);
            ApplyEstimateLocked();
        }
    }

    private void ApplyEstimateLocked()
    {
        long estimate = _estimator.EstimateBitsPerSecond;
        if (estimate == Interlocked.Read(ref _estimate))
        {
            return;
        }

        Interlocked.Exchange(ref _estimate, estimate);
        SetPacingRateLocked(Math.Max(estimate, Interlocked.Read(ref _streamBitsPerSecond)));
        int budget = (int)Math.Clamp(estimate * ResendShareOfEstimate / 8, 16_000, _host.Options.RetransmissionBudgetBytesPerSecond);
        foreach (var subscription in _subscriptions)
        {
            subscription.ResendBudgetBytesPerSecond = budget;
        }
    }

    /// <summary>
    /// Lets the viewer's video move between <paramref name="layers"/> (a simulcast stream's encodings) as its estimate
    /// allows; returns the layer to start on. Call before the video track is added.
    /// </summary>
    public MediaTrack UseVideoLayers(IReadOnlyList<MediaTrack> layers)
    {
        _layers = [.. layers.Select(l => new LayerRate(l, 0))];
        _layerPolicy = new SimulcastLayerPolicy(_host.Options.Simulcast);
        long now = Stopwatch.GetTimestamp();
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new LayerRate(_layers[i].Track, _layers[i].Track.MeasureBitsPerSecond(now));
        }

        return _layerPolicy.Start(now, BandwidthEstimate, _layers, 0);
    }

    /// <summary>
    /// From the tick: measures the stream's rate, which also floors the pacing rate (our sources do not follow the
    /// estimate, so pacing below what the stream sends would only grow a queue until every packet waited the maximum;
    /// a viewer that cannot take the stream gets a lower layer or audio only instead), then moves the viewer between
    /// layers, and to audio only and back, as its estimate and those rates say.
    /// </summary>
    private void UpdateFromStreamRate(long now)
    {
        long video = 0;
        long audio = 0;
        RtpSubscription? videoSubscription = null;
        foreach (var subscription in _subscriptions)
        {
            long rate = subscription.Track.MeasureBitsPerSecond(now);
            if (subscription.Track.Kind == MediaKind.Video)
            {
                video += rate;
                videoSubscription = subscription;
            }
            else
            {
                audio += rate;
            }
        }

        long stream = video + audio;
        if (stream != Interlocked.Exchange(ref _streamBitsPerSecond, stream))
        {
            lock (_sendLock)
            {
                SetPacingRateLocked(Math.Max(BandwidthEstimate, stream));
            }
        }

        // The fallback judges the lowest layer: a viewer the estimate moves down gets there before it loses video.
        long lowestVideo = videoSubscription is not null ? ChooseLayer(videoSubscription, now, audio, video) : video;
        if (_fallback is null || !_fallback.Update(now, BandwidthEstimate, lowestVideo, audio))
        {
            return;
        }

        foreach (var subscription in _subscriptions)
        {
            if (subscription.Track.Kind != MediaKind.Video)
            {
                continue;
            }

            if (_fallback.IsAudioOnly)
            {
                subscription.Suspend();
            }
            else
            {
                subscription.Resume();
            }
        }

        WebRtcMetrics.LayerSwitches.Add(1, new KeyValuePair<string, object?>("layer", CurrentLayer));
        _logger.LogInformation(
            "Peer {Id}: {Layer} (estimate {Estimate} kbit/s, stream {Video} kbit/s video + {Audio} kbit/s audio)",
            Id,
            CurrentLayer,
            BandwidthEstimate / 1000,
            lowestVideo / 1000,
            audio / 1000);
    }

    /// <summary>Moves a simulcast viewer to the layer its estimate allows; returns the lowest sending layer's rate.</summary>
    private long ChooseLayer(RtpSubscription subscription, long now, long audio, long currentVideo)
    {
        if (_layerPolicy is null || _layers is null)
        {
            return currentVideo;
        }

        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new LayerRate(_layers[i].Track, _layers[i].Track.MeasureBitsPerSecond(now));
        }

        // A keyframe request made while another viewer's was outstanding is absorbed by the aggregator: ask again
        // each tick while the switch waits (the aggregator spaces what reaches the publisher).
        subscription.SwitchingTo?.RequestKeyframe();
        var target = _layerPolicy.Update(now, BandwidthEstimate, _layers, audio, IsAudioOnly);
        if (!ReferenceEquals(target, subscription.SwitchingTo ?? subscription.Track))
        {
            var from = subscription.SwitchingTo ?? subscription.Track;
            subscription.SwitchTo(target);
            WebRtcMetrics.LayerSwitches.Add(1, new KeyValuePair<string, object?>("layer", target.Rid ?? target.Id));
            _logger.LogInformation(
                "Peer {Id}: layer {From} → {To} (estimate {Estimate} kbit/s; {Rates})",
                Id,
                from.Rid ?? from.Id,
                target.Rid ?? target.Id,
                BandwidthEstimate / 1000,
                string.Join(", ", _layers.Select(l => $"{l.Track.Rid ?? l.Track.Id} {l.BitsPerSecond / 1000} kbit/s")));
        }

        foreach (var layer in _layers)
        {
            if (layer.BitsPerSecond > 0)
            {
                return layer.BitsPerSecond;
            }
        }

        return currentVideo;
    }
}

using System.Diagnostics;
using Egress.WebRtc.Bandwidth;
using Microsoft.Extensions.Logging;
using Sfu.Core.Forwarding;
using Sfu.Core.Media;
using Sfu.Core.Rtcp;

namespace Egress.WebRtc.Peers;

/// <summary>
/// Send-side bandwidth estimation from the viewer's transport-cc feedback (REMB as a fallback), and what the estimate
/// drives: the pacing rate, the retransmission budget, and the audio-only fallback.
/// </summary>
public sealed partial class WebRtcPeer
{
    /// <summary>Retransmissions may use at most this share of the estimate.</summary>
    private const double ResendShareOfEstimate = 0.25;

    private readonly SendSideBandwidthEstimator _estimator;
    private readonly AudioOnlyFallback? _fallback;
    private TrackRateMeter[]? _rates;
    private long _estimate;
    private long _streamBitsPerSecond;

    /// <summary>The current send-side bandwidth estimate for this viewer, in bits per second.</summary>
    public long BandwidthEstimate => Interlocked.Read(ref _estimate);

    /// <summary>True while the viewer gets audio only because its estimate cannot carry the video.</summary>
    public bool IsAudioOnly => _fallback?.IsAudioOnly ?? false;

    /// <summary>What the viewer is sent: <c>full</c> or <c>audio-only</c>.</summary>
    public string CurrentLayer => IsAudioOnly ? "audio-only" : "full";

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
    /// From the tick: measures the stream's rate, which also floors the pacing rate (our sources do not follow the
    /// estimate, so pacing below what the stream sends would only grow a queue until every packet waited the maximum;
    /// a viewer that cannot take the stream is moved to audio only instead), then moves the viewer to audio only and
    /// back as its estimate and that rate say.
    /// </summary>
    private void UpdateFromStreamRate(long now)
    {
        _rates ??= [.. _subscriptions.Select(s => new TrackRateMeter(s.Track))];
        long video = 0;
        long audio = 0;
        foreach (var rate in _rates)
        {
            rate.Sample(now);
            if (rate.Track.Kind == MediaKind.Video)
            {
                video += rate.BitsPerSecond;
            }
            else
            {
                audio += rate.BitsPerSecond;
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

        if (_fallback is null || !_fallback.Update(now, BandwidthEstimate, video, audio))
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
            video / 1000,
            audio / 1000);
    }
}

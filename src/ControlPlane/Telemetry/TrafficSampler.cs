using System.Collections.Concurrent;
using System.Diagnostics;
using Egress.WebRtc.Peers;
using Sfu.Core.Streams;

namespace ControlPlane.Telemetry;

/// <summary>
/// Once a second, reads the node's counters and turns them into rates: packets and bytes per second each way, CPU
/// in cores, and per track frames per second and bitrate. The data plane only keeps counters; rates are made here.
/// </summary>
public sealed class TrafficSampler : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly StreamRegistry _streams;
    private readonly WebRtcHost _webRtc;
    private readonly ConcurrentDictionary<MediaTrack, TrackSample> _tracks = new();
    private readonly object _gate = new();
    private NodeSample _previous;
    private NodeRates _rates = new(0, 0, 0, 0, 0);
    private readonly HashSet<LiveStream> _live = [];
    private long _endedTrackPackets;
    private long _endedTrackBytes;

    /// <summary>Creates the sampler.</summary>
    public TrafficSampler(StreamRegistry streams, WebRtcHost webRtc)
    {
        _streams = streams;
        _webRtc = webRtc;
        _streams.StreamStarted += OnStreamStarted;
        _streams.StreamEnded += OnStreamEnded;
        _previous = Sample();
    }

    /// <summary>The rates over the last interval.</summary>
    public NodeRates Rates
    {
        get
        {
            lock (_gate)
            {
                return _rates;
            }
        }
    }

    /// <summary>Packets and bytes sent to viewers so far, closed sessions included.</summary>
    public PeerTraffic EgressTotals => _webRtc.Traffic;

    /// <summary>Packets and bytes published into the node so far, ended streams included.</summary>
    public (long Packets, long Bytes) IngestTotals
    {
        get
        {
            // The streams this sampler saw start and not yet end, under the lock their ending takes: a stream is
            // counted once, live or ended, so the totals never step back (Prometheus would read that as a reset).
            lock (_live)
            {
                long packets = _endedTrackPackets;
                long bytes = _endedTrackBytes;
                foreach (var stream in _live)
                {
                    foreach (var track in stream.Tracks)
                    {
                        packets += track.Counters.Packets;
                        bytes += track.Counters.Bytes;
                    }
                }

                return (packets, bytes);
            }
        }
    }

    /// <summary>Frames per second and bits per second of a track over the last interval (zeros before the first).</summary>
    public (double FramesPerSecond, long BitsPerSecond) RatesOf(MediaTrack track) =>
        _tracks.TryGetValue(track, out var sample) ? (sample.FramesPerSecond, sample.BitsPerSecond) : (0, 0);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _streams.StreamStarted -= OnStreamStarted;
        _streams.StreamEnded -= OnStreamEnded;
        base.Dispose();
    }

    private void Tick()
    {
        var now = Sample();
        double seconds = (now.At - _previous.At) / (double)Stopwatch.Frequency;
        if (seconds <= 0)
        {
            return;
        }

        var (ingestPackets, ingestBytes) = IngestTotals;
        lock (_gate)
        {
            _rates = new NodeRates(
                (now.Traffic.PacketsSent - _previous.Traffic.PacketsSent) / seconds,
                (now.Traffic.BytesSent - _previous.Traffic.BytesSent) / seconds,
                (ingestPackets - _previous.IngestPackets) / seconds,
                (ingestBytes - _previous.IngestBytes) / seconds,
                (now.Cpu - _previous.Cpu).TotalSeconds / seconds);
        }

        _previous = now with { IngestPackets = ingestPackets, IngestBytes = ingestBytes };
        lock (_live)
        {
            foreach (var stream in _live)
            {
                foreach (var track in stream.Tracks)
                {
                    var sample = _tracks.GetOrAdd(track, static t => new TrackSample(t.Counters.Frames, t.Counters.Bytes, Stopwatch.GetTimestamp()));
                    sample.Advance(track.Counters.Frames, track.Counters.Bytes, Stopwatch.GetTimestamp());
                }
            }
        }
    }

    private void OnStreamStarted(LiveStream stream)
    {
        lock (_live)
        {
            _live.Add(stream);
        }
    }

    private void OnStreamEnded(LiveStream stream)
    {
        lock (_live)
        {
            if (!_live.Remove(stream))
            {
                return;
            }

            foreach (var track in stream.Tracks)
            {
                _endedTrackPackets += track.Counters.Packets;
                _endedTrackBytes += track.Counters.Bytes;
                _tracks.TryRemove(track, out _);
            }
        }
    }

    private NodeSample Sample()
    {
        var (packets, bytes) = _previous.At == 0 ? (0L, 0L) : IngestTotals;
        return new NodeSample(Stopwatch.GetTimestamp(), _webRtc.Traffic, Process.GetCurrentProcess().TotalProcessorTime, packets, bytes);
    }

    private readonly record struct NodeSample(long At, PeerTraffic Traffic, TimeSpan Cpu, long IngestPackets, long IngestBytes);

    /// <summary>A track's counters at the last tick and the rates since the tick before.</summary>
    private sealed class TrackSample(long frames, long bytes, long at)
    {
        public double FramesPerSecond { get; private set; }

        public long BitsPerSecond { get; private set; }

        public void Advance(long nowFrames, long nowBytes, long nowAt)
        {
            double seconds = (nowAt - at) / (double)Stopwatch.Frequency;
            if (seconds < 0.5)
            {
                return;
            }

            FramesPerSecond = (nowFrames - frames) / seconds;
            BitsPerSecond = (long)((nowBytes - bytes) * 8 / seconds);
            frames = nowFrames;
            bytes = nowBytes;
            at = nowAt;
        }
    }
}

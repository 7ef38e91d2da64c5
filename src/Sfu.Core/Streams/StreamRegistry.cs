using System.Collections.Concurrent;

namespace Sfu.Core.Streams;

/// <summary>The node's live streams by name: one publisher per name, events when streams start and end.</summary>
public sealed class StreamRegistry
{
    private readonly ConcurrentDictionary<string, LiveStream> _streams = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty registry.</summary>
    public StreamRegistry(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised after a stream starts.</summary>
    public event Action<LiveStream>? StreamStarted;

    /// <summary>Raised after a stream ends.</summary>
    public event Action<LiveStream>? StreamEnded;

    /// <summary>Raised when a stream's publisher is gone and the stream waits for it to reconnect.</summary>
    public event Action<LiveStream>? StreamSuspended;

    /// <summary>Raised when a publisher reconnected within the grace period and continues a stream.</summary>
    public event Action<LiveStream>? StreamResumed;

    /// <summary>The streams live now.</summary>
    public ICollection<LiveStream> Streams => _streams.Values;

    /// <summary>Finds a live stream.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LiveStream? stream) =>
        _streams.TryGetValue(name, out stream);

    /// <summary>
    /// Starts a stream, or continues one whose publisher dropped less than its grace period ago (the viewers keep
    /// their sessions); fails when the name is being published.
    /// </summary>
    public bool TryStart(string name, PublisherEndpoint publisher, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LiveStream? stream)
    {
        var candidate = new LiveStream(name, publisher, _time.GetUtcNow());
        while (!_streams.TryAdd(name, candidate))
        {
            if (_streams.TryGetValue(name, out var existing))
            {
                if (existing.TryResume(publisher))
                {
                    stream = existing;
                    StreamResumed?.Invoke(existing);
                    return true;
                }

                if (!existing.IsEnded)
                {
                    stream = null;
                    return false;
                }
            }
        }

        stream = candidate;
        StreamStarted?.Invoke(candidate);
        return true;
    }

    /// <summary>
    /// The publisher dropped without ending the stream: keep it, with its viewers, for <paramref name="grace"/>; a
    /// publisher that starts the same name within it continues the stream, else the stream ends.
    /// </summary>
    public void Suspend(LiveStream stream, TimeSpan grace)
    {
        if (grace <= TimeSpan.Zero)
        {
            End(stream);
            return;
        }

        var holder = new ITimer?[1];
        var timer = _time.CreateTimer(_ => EndIfStillWaiting(stream, holder[0]!), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        holder[0] = timer;
        if (stream.Suspend(timer, grace))
        {
            StreamSuspended?.Invoke(stream);
        }
    }

    private void EndIfStillWaiting(LiveStream stream, ITimer timer)
    {
        if (stream.TryExpireGrace(timer))
        {
            End(stream);
        }
    }

    /// <summary>Ends a stream and removes it; safe to call more than once.</summary>
    public void End(LiveStream stream)
    {
        if (_streams.TryRemove(new KeyValuePair<string, LiveStream>(stream.Name, stream)) && stream.MarkEnded())
        {
            StreamEnded?.Invoke(stream);
        }
    }
}

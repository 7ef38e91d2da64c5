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

    /// <summary>The streams live now.</summary>
    public ICollection<LiveStream> Streams => _streams.Values;

    /// <summary>Finds a live stream.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LiveStream? stream) =>
        _streams.TryGetValue(name, out stream);

    /// <summary>Starts a stream; fails when the name is already being published.</summary>
    public bool TryStart(string name, string publisher, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LiveStream? stream)
    {
        var candidate = new LiveStream(name, publisher, _time.GetUtcNow());
        if (!_streams.TryAdd(name, candidate))
        {
            stream = null;
            return false;
        }

        stream = candidate;
        StreamStarted?.Invoke(candidate);
        return true;
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

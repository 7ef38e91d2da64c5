using Sfu.Core.Media;

namespace Sfu.Core.Streams;

/// <summary>A published stream: a name, its tracks, its metadata and who publishes it.</summary>
public sealed class LiveStream
{
    private readonly object _gate = new();
    private MediaTrack[] _tracks = [];
    private StreamMetadata _metadata = new();
    private PublisherEndpoint _publisher;
    private int _ended;
    private ITimer? _graceTimer;

    internal LiveStream(string name, PublisherEndpoint publisher, DateTimeOffset startedAt)
    {
        Name = name;
        _publisher = publisher;
        StartedAt = startedAt;
    }

    /// <summary>Stream name viewers ask for.</summary>
    public string Name { get; }

    /// <summary>The stream's media time anchored to the monotonic clock, shared by its tracks (lip sync in sender reports).</summary>
    public MediaClock Clock { get; } = new();

    /// <summary>Who publishes it (the latest publisher, after a reconnect).</summary>
    public PublisherEndpoint Publisher => Volatile.Read(ref _publisher);

    /// <summary>True while the publisher is gone and the stream waits for it to come back (viewers stay connected).</summary>
    public bool IsWaitingForPublisher => Volatile.Read(ref _graceTimer) is not null;

    /// <summary>When publishing started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>True once the publisher has gone.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>The tracks published so far.</summary>
    public IReadOnlyList<MediaTrack> Tracks => Volatile.Read(ref _tracks);

    /// <summary>What the publisher announced about the stream.</summary>
    public StreamMetadata Metadata => Volatile.Read(ref _metadata);

    /// <summary>Raised when the publisher adds a track.</summary>
    public event Action<LiveStream, MediaTrack>? TrackAdded;

    /// <summary>Raised once, when the stream ends.</summary>
    public event Action<LiveStream>? Ended;

    /// <summary>Finds a track by id.</summary>
    public MediaTrack? FindTrack(string id) => Array.Find(Volatile.Read(ref _tracks), t => t.Id == id);

    /// <summary>Finds the first track of a kind.</summary>
    public MediaTrack? FindTrack(MediaKind kind) => Array.Find(Volatile.Read(ref _tracks), t => t.Kind == kind);

    /// <summary>
    /// The tracks a viewer of <paramref name="track"/> may be switched between: every simulcast encoding of its kind,
    /// or the track alone when it has no rid.
    /// </summary>
    public IReadOnlyList<MediaTrack> LayersOf(MediaTrack track) =>
        track.Rid is null ? [track] : Array.FindAll(Volatile.Read(ref _tracks), t => t.Kind == track.Kind && t.Rid is not null);

    /// <summary>Adds a track; ids are unique within the stream.</summary>
    public void AddTrack(MediaTrack track)
    {
        lock (_gate)
        {
            if (FindTrack(track.Id) is not null)
            {
                throw new InvalidOperationException($"Stream '{Name}' already has a track '{track.Id}'.");
            }

            _tracks = [.. _tracks, track];
        }

        TrackAdded?.Invoke(this, track);
    }

    /// <summary>Replaces the stream metadata.</summary>
    public void SetMetadata(StreamMetadata metadata)
    {
        Volatile.Write(ref _metadata, metadata);
    }

    /// <summary>
    /// Starts the reconnect grace period: <paramref name="timer"/> (created stopped) is armed here, under the same
    /// lock a resume takes, so it cannot be disposed between being stored and being started.
    /// </summary>
    internal bool Suspend(ITimer timer, TimeSpan grace)
    {
        lock (_gate)
        {
            if (IsEnded || _graceTimer is not null)
            {
                timer.Dispose();
                return false;
            }

            foreach (var track in _tracks)
            {
                track.ReleaseCache();
            }

            Volatile.Write(ref _graceTimer, timer);
            timer.Change(grace, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>
    /// <paramref name="timer"/>'s grace period ran out with no publisher back: true once, for the caller to end the
    /// stream; false for a stale timer of an earlier grace period.
    /// </summary>
    internal bool TryExpireGrace(ITimer timer)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_graceTimer, timer))
            {
                return false;
            }

            _graceTimer.Dispose();
            Volatile.Write(ref _graceTimer, null);
            return true;
        }
    }

    /// <summary>A publisher took the stream back within the grace period.</summary>
    internal bool TryResume(PublisherEndpoint publisher)
    {
        lock (_gate)
        {
            if (IsEnded || _graceTimer is null)
            {
                return false;
            }

            _graceTimer.Dispose();
            Volatile.Write(ref _graceTimer, null);
            Volatile.Write(ref _publisher, publisher);
            Clock.Reset();
            return true;
        }
    }

    internal bool MarkEnded()
    {
        lock (_gate)
        {
            _graceTimer?.Dispose();
            Volatile.Write(ref _graceTimer, null);
        }

        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }

        foreach (var track in Volatile.Read(ref _tracks))
        {
            track.ReleaseCache();
        }

        Ended?.Invoke(this);
        return true;
    }
}

using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Sfu.Admin.V1;

namespace ControlPlane.Events;

/// <summary>
/// Numbers the node's events and hands them, in that order, to every watcher. A watcher that falls more than
/// <see cref="WatcherCapacity"/> events behind is cut off with an error rather than silently missing events.
/// </summary>
public sealed class ServerEventHub
{
    /// <summary>Events a watcher may have unread before it is cut off.</summary>
    public const int WatcherCapacity = 10_000;

    private readonly object _gate = new();
    private readonly List<Channel<Event>> _watchers = [];
    private readonly TimeProvider _time;
    private long _sequence;

    /// <summary>Creates the hub.</summary>
    public ServerEventHub(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Watchers connected now.</summary>
    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Stamps <paramref name="evt"/> with the next sequence number and the time, and delivers it.</summary>
    public void Publish(Event evt)
    {
        lock (_gate)
        {
            evt.Sequence = ++_sequence;
            evt.Time = Timestamp.FromDateTimeOffset(_time.GetUtcNow());
            for (int i = _watchers.Count - 1; i >= 0; i--)
            {
                if (!_watchers[i].Writer.TryWrite(evt))
                {
                    _watchers[i].Writer.TryComplete(new EventWatcherTooSlowException());
                    _watchers.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Starts watching: every event published from now on, in order, until disposed.</summary>
    public EventWatcher Watch()
    {
        var channel = Channel.CreateBounded<Event>(new BoundedChannelOptions(WatcherCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        return new EventWatcher(channel.Reader, () =>
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }

            channel.Writer.TryComplete();
        });
    }
}

using System.Threading.Channels;
using Sfu.Admin.V1;

namespace ControlPlane.Events;

/// <summary>One watcher's view of the event stream; dispose to stop watching.</summary>
public sealed class EventWatcher : IDisposable
{
    private readonly Action _stop;

    internal EventWatcher(ChannelReader<Event> events, Action stop)
    {
        Events = events;
        _stop = stop;
    }

    /// <summary>The events, in order; completes with <see cref="EventWatcherTooSlowException"/> if the watcher fell behind.</summary>
    public ChannelReader<Event> Events { get; }

    /// <inheritdoc/>
    public void Dispose() => _stop();
}

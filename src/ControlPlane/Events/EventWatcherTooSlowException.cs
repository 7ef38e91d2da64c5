namespace ControlPlane.Events;

/// <summary>A watcher read events too slowly and was cut off, so that it never sees a stream with holes in it.</summary>
public sealed class EventWatcherTooSlowException : Exception
{
    /// <summary>Creates the exception with its standard message.</summary>
    public EventWatcherTooSlowException()
        : base($"The watcher fell more than {ServerEventHub.WatcherCapacity} events behind and was disconnected; watch again.")
    {
    }
}

using Grpc.Core;
using Sfu.Admin.V1;

namespace EndToEnd.Infrastructure;

/// <summary>Keeps a <c>WatchEvents</c> call open and records what it receives, in order.</summary>
public sealed class EventRecorder : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<Event> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Event> _events = [];
    private readonly Task _reading;

    private EventRecorder(AsyncServerStreamingCall<Event> call)
    {
        _call = call;
        _reading = ReadAsync();
    }

    /// <summary>The events so far.</summary>
    public IReadOnlyList<Event> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Starts watching; returns once the server has accepted the call.</summary>
    public static async Task<EventRecorder> StartAsync(SfuAdmin.SfuAdminClient client)
    {
        var call = client.WatchEvents(new WatchEventsRequest());
        await call.ResponseHeadersAsync.ConfigureAwait(false);
        return new EventRecorder(call);
    }

    /// <summary>Waits until an event matching <paramref name="predicate"/> has arrived.</summary>
    public async Task<Event> WaitForAsync(Func<Event, bool> predicate, string what, TimeSpan? timeout = null)
    {
        Event? found = null;
        await ServerUnderTest.WaitUntilAsync(() => (found = Events.FirstOrDefault(predicate)) is not null, timeout ?? TimeSpan.FromSeconds(20), what).ConfigureAwait(false);
        return found!;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _call.Dispose();
        try
        {
            await _reading.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        await foreach (var evt in _call.ResponseStream.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            lock (_events)
            {
                _events.Add(evt);
            }
        }
    }
}

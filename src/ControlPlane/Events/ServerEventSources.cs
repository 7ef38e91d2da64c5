using ControlPlane.Admin;
using ControlPlane.Draining;
using Sfu.Admin.V1;
using Sfu.Core.Sessions;
using Sfu.Core.Streams;

namespace ControlPlane.Events;

/// <summary>Turns what happens on the node (streams, sessions, draining) into events on the hub.</summary>
public sealed class ServerEventSources : IHostedService
{
    private readonly ServerEventHub _hub;
    private readonly StreamRegistry _streams;
    private readonly SessionRegistry _sessions;
    private readonly DrainState _drain;

    /// <summary>Creates the bridge; it listens from host start to host stop.</summary>
    public ServerEventSources(ServerEventHub hub, StreamRegistry streams, SessionRegistry sessions, DrainState drain)
    {
        _hub = hub;
        _streams = streams;
        _sessions = sessions;
        _drain = drain;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _streams.StreamStarted += OnStreamStarted;
        _streams.StreamEnded += OnStreamEnded;
        _streams.StreamSuspended += OnStreamSuspended;
        _streams.StreamResumed += OnStreamResumed;
        _sessions.SessionJoined += OnSessionJoined;
        _sessions.SessionLeft += OnSessionLeft;
        _drain.Started += OnDrainStarted;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _streams.StreamStarted -= OnStreamStarted;
        _streams.StreamEnded -= OnStreamEnded;
        _streams.StreamSuspended -= OnStreamSuspended;
        _streams.StreamResumed -= OnStreamResumed;
        _sessions.SessionJoined -= OnSessionJoined;
        _sessions.SessionLeft -= OnSessionLeft;
        _drain.Started -= OnDrainStarted;
        return Task.CompletedTask;
    }

    private void OnStreamStarted(LiveStream stream)
    {
        _hub.Publish(new Event { StreamStarted = new StreamStarted { Stream = stream.Name, Protocol = stream.Publisher.Protocol, RemoteAddress = stream.Publisher.Address } });
    }

    private void OnStreamEnded(LiveStream stream) =>
        _hub.Publish(new Event
        {
            StreamStopped = new StreamStopped { Stream = stream.Name, DurationSeconds = (DateTimeOffset.UtcNow - stream.StartedAt).TotalSeconds },
        });

    private void OnStreamSuspended(LiveStream stream) =>
        _hub.Publish(new Event { PublisherLost = new PublisherLost { Stream = stream.Name } });

    private void OnStreamResumed(LiveStream stream)
    {
        _hub.Publish(new Event
        {
            PublisherResumed = new PublisherResumed { Stream = stream.Name, Protocol = stream.Publisher.Protocol, RemoteAddress = stream.Publisher.Address },
        });
    }

    private void OnSessionJoined(IMediaSession session) =>
        _hub.Publish(new Event
        {
            SessionJoined = new SessionJoined
            {
                SessionId = session.Id,
                Role = AdminMapping.ToProto(session.Role),
                Protocol = session.Protocol,
                Stream = session.StreamName,
                RemoteAddress = session.RemoteAddress,
            },
        });

    private void OnSessionLeft(IMediaSession session, string reason) =>
        _hub.Publish(new Event
        {
            SessionLeft = new SessionLeft
            {
                SessionId = session.Id,
                Role = AdminMapping.ToProto(session.Role),
                Protocol = session.Protocol,
                Stream = session.StreamName,
                Reason = reason,
            },
        });

    private void OnDrainStarted() =>
        _hub.Publish(new Event { DrainStarted = new DrainStarted { SessionsRemaining = _sessions.Count } });
}

using ControlPlane.Auth;
using ControlPlane.Draining;
using ControlPlane.Events;
using ControlPlane.Storage;
using ControlPlane.Telemetry;
using Grpc.Core;
using Sfu.Admin.V1;
using Sfu.Core.Streams;
using CoreSessionRole = Sfu.Core.Sessions.SessionRole;
using SessionRegistry = Sfu.Core.Sessions.SessionRegistry;

namespace ControlPlane.Admin;

/// <summary>The <c>sfu.admin.v1.SfuAdmin</c> gRPC service: what operators see and steer.</summary>
public sealed partial class AdminService : SfuAdmin.SfuAdminBase
{
    private readonly StreamRegistry _streams;
    private readonly SessionRegistry _sessions;
    private readonly SfuStore _store;
    private readonly PlayTokenService _tokens;
    private readonly TrafficSampler _sampler;
    private readonly ServerEventHub _events;
    private readonly DrainState _drain;
    private readonly ILogger<AdminService> _logger;

    /// <summary>Creates the service.</summary>
    public AdminService(
        StreamRegistry streams,
        SessionRegistry sessions,
        SfuStore store,
        PlayTokenService tokens,
        TrafficSampler sampler,
        ServerEventHub events,
        DrainState drain,
        ILogger<AdminService> logger)
    {
        _streams = streams;
        _sessions = sessions;
        _store = store;
        _tokens = tokens;
        _sampler = sampler;
        _events = events;
        _drain = drain;
        _logger = logger;
    }

    /// <inheritdoc/>
    public override Task<ListStreamsResponse> ListStreams(ListStreamsRequest request, ServerCallContext context)
    {
        var response = new ListStreamsResponse();
        foreach (var stream in _streams.Streams.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            response.Streams.Add(Describe(stream));
        }

        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public override Task<Sfu.Admin.V1.Stream> GetStream(GetStreamRequest request, ServerCallContext context) =>
        Task.FromResult(Describe(FindLiveStream(request.Name)));

    /// <inheritdoc/>
    public override Task<StopStreamResponse> StopStream(StopStreamRequest request, ServerCallContext context)
    {
        var stream = FindLiveStream(request.Name);
        string reason = string.IsNullOrWhiteSpace(request.Reason) ? "stopped by the operator" : request.Reason;
        int viewers = _sessions.CountOf(CoreSessionRole.Viewer, stream.Name);
        var publishers = _sessions.Sessions.Where(s => s.Role == CoreSessionRole.Publisher && s.StreamName == stream.Name).ToList();
        foreach (var publisher in publishers)
        {
            publisher.Close(reason);
        }

        if (publishers.Count == 0)
        {
            _streams.End(stream);
        }

        _logger.LogInformation("Admin: stream '{Stream}' stopped ({Reason}); {Viewers} viewers ended", stream.Name, reason, viewers);
        return Task.FromResult(new StopStreamResponse { ViewersEnded = viewers });
    }

    /// <inheritdoc/>
    public override Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var response = new ListSessionsResponse();
        foreach (var session in _sessions.Sessions
            .Where(s => string.IsNullOrEmpty(request.Stream) || s.StreamName == request.Stream)
            .OrderBy(s => s.StartedAt))
        {
            response.Sessions.Add(AdminMapping.ToProto(session));
        }

        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public override Task<KickSessionResponse> KickSession(KickSessionRequest request, ServerCallContext context)
    {
        if (!_sessions.TryGet(request.Id, out var session))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No session '{request.Id}'."));
        }

        string reason = string.IsNullOrWhiteSpace(request.Reason) ? "kicked by the operator" : request.Reason;
        session.Close(reason);
        _logger.LogInformation("Admin: session {Id} kicked ({Reason})", session.Id, reason);
        return Task.FromResult(new KickSessionResponse());
    }

    /// <inheritdoc/>
    public override Task<ServerStats> GetServerStats(GetServerStatsRequest request, ServerCallContext context)
    {
        var rates = _sampler.Rates;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var traffic = _sampler.EgressTotals;
        return Task.FromResult(new ServerStats
        {
            Streams = _streams.Streams.Count,
            Publishers = _sessions.CountOf(CoreSessionRole.Publisher),
            Viewers = _sessions.CountOf(CoreSessionRole.Viewer),
            PacketsSentPerSecond = rates.PacketsSentPerSecond,
            BytesSentPerSecond = rates.BytesSentPerSecond,
            PacketsReceivedPerSecond = rates.PacketsReceivedPerSecond,
            BytesReceivedPerSecond = rates.BytesReceivedPerSecond,
            CpuCores = rates.CpuCores,
            ProcessorCount = Environment.ProcessorCount,
            WorkingSetBytes = process.WorkingSet64,
            ManagedHeapBytes = GC.GetTotalMemory(false),
            PacketsSentTotal = traffic.PacketsSent,
            BytesSentTotal = traffic.BytesSent,
            Draining = _drain.IsDraining,
            StartedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(process.StartTime.ToUniversalTime()),
        });
    }

    /// <inheritdoc/>
    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        using var watcher = _events.Watch();

        // Headers out now: a client that has them knows it misses nothing from here on.
        await context.WriteResponseHeadersAsync(new Metadata()).ConfigureAwait(false);
        try
        {
            await foreach (var evt in watcher.Events.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(evt, context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (EventWatcherTooSlowException ex)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher hung up.
        }
    }

    /// <inheritdoc/>
    public override Task<DrainResponse> Drain(DrainRequest request, ServerCallContext context)
    {
        bool started = _drain.Start();
        if (started)
        {
            _logger.LogWarning("Admin: draining, {Count} sessions remain; new sessions are refused", _sessions.Count);
        }

        return Task.FromResult(new DrainResponse { Started = started, SessionsRemaining = _sessions.Count });
    }

    private LiveStream FindLiveStream(string name) =>
        _streams.TryGet(name, out var stream)
            ? stream
            : throw new RpcException(new Status(StatusCode.NotFound, $"Stream '{name}' is not live."));

    private Sfu.Admin.V1.Stream Describe(LiveStream stream) =>
        AdminMapping.ToProto(stream, _sessions, _sampler, _store.GetStreamSettings(stream.Name).IsPrivate);
}

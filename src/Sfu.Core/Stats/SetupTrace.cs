using System.Diagnostics;

namespace Sfu.Core.Stats;

/// <summary>
/// The steps of a session's setup (e.g. WHEP POST → ICE → DTLS → first packet), marked as they happen on whatever
/// thread does them and emitted as one trace when setup completes or fails: a span for the whole setup with a child
/// span per step. Spans are built afterwards with their real start and end times, so nothing stays open on the
/// data path and nothing is allocated when no tracer listens.
/// </summary>
public sealed class SetupTrace
{
    /// <summary>The activity source every project of the server traces under.</summary>
    public static readonly ActivitySource Source = new(ForwardingMetrics.MeterName);

    private readonly string _name;
    private readonly ActivityContext _parent;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly long _startTicks = Stopwatch.GetTimestamp();
    private readonly List<(string Step, long At)> _steps = [];
    private readonly List<KeyValuePair<string, object?>> _tags = [];
    private int _finished;

    /// <summary>Starts timing now; <paramref name="parent"/> links the trace to e.g. the HTTP request that began it.</summary>
    public SetupTrace(string name, ActivityContext parent = default)
    {
        _name = name;
        _parent = parent;
    }

    /// <summary>True once completed or failed.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>Ends the step <paramref name="step"/>, which began where the previous step ended.</summary>
    public void Step(string step)
    {
        long now = Stopwatch.GetTimestamp();
        lock (_steps)
        {
            if (!IsFinished)
            {
                _steps.Add((step, now));
            }
        }
    }

    /// <summary>Adds an attribute to the setup span.</summary>
    public void Tag(string key, object? value)
    {
        lock (_steps)
        {
            _tags.Add(new(key, value));
        }
    }

    /// <summary>Setup succeeded: the trace is emitted (once), ending where the last step ended.</summary>
    public void Complete() => Emit(null);

    /// <summary>Setup failed before completing: the trace is emitted with an error status (once).</summary>
    public void Fail(string reason) => Emit(reason);

    private void Emit(string? error)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0 || !Source.HasListeners())
        {
            return;
        }

        (string Step, long At)[] steps;
        KeyValuePair<string, object?>[] tags;
        lock (_steps)
        {
            steps = [.. _steps];
            tags = [.. _tags];
        }

        long end = steps.Length > 0 && error is null ? steps[^1].At : Stopwatch.GetTimestamp();
        var saved = Activity.Current;
        try
        {
            using var root = Source.StartActivity(_name, ActivityKind.Internal, _parent, tags, startTime: _startedAt);
            if (root is null)
            {
                return;
            }

            long stepStart = _startTicks;
            foreach (var (step, at) in steps)
            {
                using var child = Source.StartActivity(step, ActivityKind.Internal, root.Context, startTime: WallTime(stepStart));
                child?.SetEndTime(WallTime(at).UtcDateTime);
                stepStart = at;
            }

            if (error is not null)
            {
                root.SetStatus(ActivityStatusCode.Error, error);
            }
            else
            {
                root.SetStatus(ActivityStatusCode.Ok);
            }

            root.SetEndTime(WallTime(end).UtcDateTime);
        }
        finally
        {
            Activity.Current = saved;
        }
    }

    private DateTimeOffset WallTime(long stopwatchTicks) =>
        _startedAt + TimeSpan.FromSeconds((stopwatchTicks - _startTicks) / (double)Stopwatch.Frequency);
}

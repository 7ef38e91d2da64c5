namespace ControlPlane.Draining;

/// <summary>Whether this node still takes new sessions; once draining, it refuses them and existing ones carry on.</summary>
public sealed class DrainState
{
    private int _draining;

    /// <summary>Raised once, when draining starts.</summary>
    public event Action? Started;

    /// <summary>True once draining has started (it never stops: a drained node is shut down).</summary>
    public bool IsDraining => Volatile.Read(ref _draining) != 0;

    /// <summary>Seconds a refused client should wait before trying again (the <c>Retry-After</c> value).</summary>
    public int RetryAfterSeconds { get; init; } = 5;

    /// <summary>Starts draining; false when it had already started.</summary>
    public bool Start()
    {
        if (Interlocked.Exchange(ref _draining, 1) != 0)
        {
            return false;
        }

        Started?.Invoke();
        return true;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Sessions;

/// <summary>The node's publishers and viewers, with events when they join and leave.</summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, IMediaSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Raised after a session is added.</summary>
    public event Action<IMediaSession>? SessionJoined;

    /// <summary>Raised after a session is removed, with the reason it ended.</summary>
    public event Action<IMediaSession, string>? SessionLeft;

    /// <summary>The sessions open now.</summary>
    public ICollection<IMediaSession> Sessions => _sessions.Values;

    /// <summary>Sessions open now.</summary>
    public int Count => _sessions.Count;

    /// <summary>Finds a session by id.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out IMediaSession? session) => _sessions.TryGetValue(id, out session);

    /// <summary>Adds a session; ids must be unique.</summary>
    public void Add(IMediaSession session)
    {
        if (!_sessions.TryAdd(session.Id, session))
        {
            throw new InvalidOperationException($"A session '{session.Id}' is already registered.");
        }

        SessionJoined?.Invoke(session);
    }

    /// <summary>Removes a session; safe to call more than once (only the first call raises the event).</summary>
    public bool Remove(IMediaSession session, string reason)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, IMediaSession>(session.Id, session)))
        {
            return false;
        }

        SessionLeft?.Invoke(session, reason);
        return true;
    }

    /// <summary>Counts the open sessions of one role, optionally for one stream.</summary>
    public int CountOf(SessionRole role, string? stream = null)
    {
        int count = 0;
        foreach (var session in _sessions.Values)
        {
            if (session.Role == role && (stream is null || session.StreamName == stream))
            {
                count++;
            }
        }

        return count;
    }
}

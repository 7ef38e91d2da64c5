namespace Sfu.Core.Sessions;

/// <summary>A connection an operator can see and end: a publisher or a viewer of one stream.</summary>
public interface IMediaSession
{
    /// <summary>Unique on this node (a WHEP resource id, <c>rtmp-12</c>, ...).</summary>
    string Id { get; }

    /// <summary>Publisher or viewer.</summary>
    SessionRole Role { get; }

    /// <summary><c>rtmp</c>, <c>whip</c> or <c>whep</c>.</summary>
    string Protocol { get; }

    /// <summary>The stream it publishes or plays.</summary>
    string StreamName { get; }

    /// <summary>The remote address media flows with (it may change, e.g. after an ICE restart).</summary>
    string RemoteAddress { get; }

    /// <summary>When the session was created.</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>Id of the publish key the session authenticated with, when keys are in use.</summary>
    string? KeyId { get; }

    /// <summary>Reads the session's counters now.</summary>
    SessionSnapshot Snapshot();

    /// <summary>Ends the session; the reason goes to logs and the session-left event.</summary>
    void Close(string reason);
}

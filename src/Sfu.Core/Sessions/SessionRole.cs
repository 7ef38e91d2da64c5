namespace Sfu.Core.Sessions;

/// <summary>Whether a session sends a stream in or takes one out.</summary>
public enum SessionRole
{
    /// <summary>Publishes a stream (RTMP encoder, WHIP client).</summary>
    Publisher,

    /// <summary>Plays a stream (WHEP viewer).</summary>
    Viewer,
}

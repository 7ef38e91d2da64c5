namespace ControlPlane.Events;

/// <summary>Reads <see cref="Sfu.Core.Streams.LiveStream.Publisher"/>, which ingests write as <c>"{protocol} {address}"</c>.</summary>
public static class PublisherDescription
{
    /// <summary>The protocol and the remote address (either may be empty).</summary>
    public static (string Protocol, string RemoteAddress) Split(string publisher)
    {
        int space = publisher.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (publisher, string.Empty) : (publisher[..space], publisher[(space + 1)..]);
    }
}

namespace Sfu.Core.Streams;

/// <summary>Who publishes a stream: the ingest protocol and the publisher's remote address.</summary>
/// <param name="Protocol"><c>rtmp</c> or <c>whip</c>.</param>
/// <param name="Address">The publisher's address as the ingest saw it (e.g. <c>10.0.0.5:51234</c>).</param>
public sealed record PublisherEndpoint(string Protocol, string Address)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Protocol} {Address}";
}

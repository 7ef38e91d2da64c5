namespace ControlPlane.Cluster;

/// <summary>How a relayed stream's publisher is named on the edge.</summary>
public static class RelayPublisher
{
    /// <summary>The <see cref="Sfu.Core.Streams.PublisherEndpoint.Protocol"/> of a stream pulled from another node.</summary>
    public const string Protocol = "relay";
}

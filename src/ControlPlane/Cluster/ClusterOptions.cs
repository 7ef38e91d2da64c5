namespace ControlPlane.Cluster;

/// <summary><c>Sfu:Cluster</c>: how this node finds the others and serves streams it does not hold.</summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Sfu:Cluster";

    /// <summary>This node's name in the directory; defaults to the host name and HTTP port.</summary>
    public string? NodeId { get; set; }

    /// <summary>Base URL clients reach this node at (redirects point here); defaults to http://{announced address}:{HTTP port}.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Base URL other nodes pull relays from; defaults to <see cref="PublicUrl"/>.</summary>
    public string? InternalUrl { get; set; }

    /// <summary>StackExchange.Redis configuration (e.g. <c>redis:6379</c>); empty keeps the directory in memory (one node).</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of every key this cluster writes in Redis.</summary>
    public string KeyPrefix { get; set; } = "sfu:";

    /// <summary>Shared secret that signs relay requests between nodes; without it this node neither serves nor pulls relays.</summary>
    public string? Secret { get; set; }

    /// <summary><c>relay</c> (pull the stream and serve it here) or <c>redirect</c> (answer 307 to the node that has it).</summary>
    public string Mode { get; set; } = ClusterModes.Relay;

    /// <summary>How often the node renews its entry and its streams in the directory.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an entry lives without renewal: a node that stops renewing disappears after this.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a relayed stream stays pulled after its last local viewer left.</summary>
    public TimeSpan RelayLinger { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a viewer's request waits for a new relay to deliver the stream's tracks.</summary>
    public TimeSpan RelayStartTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True when another node's streams are redirected to rather than relayed.</summary>
    public bool Redirects => Mode.Trim().Equals(ClusterModes.Redirect, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Values of <see cref="ClusterOptions.Mode"/>.</summary>
public static class ClusterModes
{
    /// <summary>Pull the stream from its origin once and serve it here.</summary>
    public const string Relay = "relay";

    /// <summary>Answer 307 with the origin's URL.</summary>
    public const string Redirect = "redirect";
}

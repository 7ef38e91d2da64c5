namespace ControlPlane.Admin;

/// <summary>The admin API's settings (configuration section <c>Sfu:Admin</c>).</summary>
public sealed class AdminOptions
{
    /// <summary>The gRPC port (HTTP/2 without TLS).</summary>
    public int GrpcPort { get; set; } = 50051;

    /// <summary>Address the gRPC port binds to.</summary>
    public string GrpcListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The Bearer key callers must send. Unset, the API answers only callers on loopback, so a fresh install is
    /// usable on the machine itself and closed to the network.
    /// </summary>
    public string? ApiKey { get; set; }
}

using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ControlPlane.Hosting;

/// <summary>The HTTP and gRPC listeners, so the bound ports can be read back (port 0 in tests picks a free one).</summary>
public sealed class SfuListeners
{
    /// <summary>The HTTP/1.1 listener: WHIP, WHEP, player, metrics, health.</summary>
    public ListenOptions? Http { get; set; }

    /// <summary>The HTTP/2 listener of the admin API.</summary>
    public ListenOptions? Grpc { get; set; }

    /// <summary>The bound HTTP endpoint (after start).</summary>
    public IPEndPoint HttpEndPoint => Http?.IPEndPoint ?? throw new InvalidOperationException("HTTP is not listening.");

    /// <summary>The bound gRPC endpoint (after start).</summary>
    public IPEndPoint GrpcEndPoint => Grpc?.IPEndPoint ?? throw new InvalidOperationException("gRPC is not listening.");
}

using System.Net;
using System.Net.Sockets;

namespace EndToEnd.Infrastructure;

/// <summary>Loopback ports free at the moment of asking, for processes that must know their URL before they start.</summary>
public static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 nothing listens on now.</summary>
    public static int Tcp()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

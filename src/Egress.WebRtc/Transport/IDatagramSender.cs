using System.Net;

namespace Egress.WebRtc.Transport;

/// <summary>Sends datagrams out of the shared UDP port.</summary>
public interface IDatagramSender
{
    /// <summary>Sends one datagram to <paramref name="destination"/>; never blocks on the network.</summary>
    void SendTo(ReadOnlySpan<byte> datagram, SocketAddress destination);
}

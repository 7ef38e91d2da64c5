using System.Net;

namespace Egress.WebRtc.Transport;

/// <summary>Receives the shared port's datagrams on its receive loop.</summary>
public interface IDatagramHandler
{
    /// <summary>Handles one datagram; <paramref name="source"/> is reused by the loop after the call, so copy it to keep it.</summary>
    void OnDatagram(Span<byte> datagram, SocketAddress source);
}

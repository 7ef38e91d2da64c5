using System.Net;

namespace Egress.WebRtc.Transport;

/// <summary>Sends datagrams out of the shared UDP port.</summary>
public interface IDatagramSender
{
    /// <summary>Sends one datagram to <paramref name="destination"/>; never blocks on the network.</summary>
    void SendTo(ReadOnlySpan<byte> datagram, SocketAddress destination);

    /// <summary>
    /// Sends <paramref name="data"/> as consecutive datagrams of <paramref name="segmentSize"/> bytes (the last may be
    /// shorter) to one destination: in one system call where the kernel offers UDP GSO, otherwise one by one.
    /// </summary>
    void SendSegments(ReadOnlySpan<byte> data, int segmentSize, SocketAddress destination)
    {
        for (int offset = 0; offset < data.Length; offset += segmentSize)
        {
            SendTo(data.Slice(offset, Math.Min(segmentSize, data.Length - offset)), destination);
        }
    }
}

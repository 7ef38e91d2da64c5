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

    /// <summary>
    /// Sends several runs of <paramref name="data"/> to one destination, in order: in one system call where the kernel
    /// offers <c>sendmmsg</c> with UDP GSO, otherwise run by run.
    /// </summary>
    void SendSegmentRuns(ReadOnlySpan<byte> data, ReadOnlySpan<SegmentRun> runs, SocketAddress destination) =>
        SendRunByRun(this, data, runs, destination);

    /// <summary>Sends each run on its own: a lone datagram with <see cref="SendTo"/>, more with <see cref="SendSegments"/>.</summary>
    protected static void SendRunByRun(IDatagramSender sender, ReadOnlySpan<byte> data, ReadOnlySpan<SegmentRun> runs, SocketAddress destination)
    {
        foreach (var run in runs)
        {
            var bytes = data.Slice(run.Offset, run.Length);
            if (run.Count == 1)
            {
                sender.SendTo(bytes, destination);
            }
            else
            {
                sender.SendSegments(bytes, run.SegmentSize, destination);
            }
        }
    }
}

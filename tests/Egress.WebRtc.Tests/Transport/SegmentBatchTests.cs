using System.Net;
using System.Net.Sockets;
using Egress.WebRtc.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Egress.WebRtc.Tests.Transport;

public sealed class SegmentBatchTests
{
    private static readonly SocketAddress First = new IPEndPoint(IPAddress.Loopback, 5000).Serialize();
    private static readonly SocketAddress Second = new IPEndPoint(IPAddress.Loopback, 5001).Serialize();

    [Fact]
    public void EqualDatagramsAndAShorterLastOneLeaveAsOneSegmentedSend()
    {
        var sender = new RecordingSender();
        var batch = new SegmentBatch { Depth = 1 };
        batch.Append(sender, Datagram(1200, 1), First);
        batch.Append(sender, Datagram(1200, 2), First);
        Assert.Empty(sender.Calls);

        // Only the last segment may be shorter: it closes the batch at once.
        batch.Append(sender, Datagram(700, 3), First);
        var call = Assert.Single(sender.Calls);
        Assert.Equal((1200, 3100, 3), (call.SegmentSize, call.Data.Length, call.Data[2400]));
    }

    [Fact]
    public void ALargerDatagramAnotherDestinationOrAFullBatchSendsWhatIsHeldFirst()
    {
        var sender = new RecordingSender();
        var batch = new SegmentBatch { Depth = 1 };
        batch.Append(sender, Datagram(1000, 1), First);
        batch.Append(sender, Datagram(1200, 2), First);
        batch.Append(sender, Datagram(1200, 3), Second);
        for (int i = 0; i < UdpSegmentSender.MaxSegments + 1; i++)
        {
            batch.Append(sender, Datagram(1200, 4), Second);
        }

        batch.Flush();

        // 1000 then a larger 1200: two sends; a new destination: the 1200 to the first one leaves alone; then at most
        // 60,000 bytes (50 segments of 1200) per send.
        Assert.Equal(
            [(0, 1000, First), (0, 1200, First), (1200, 50 * 1200, Second), (1200, 16 * 1200, Second)],
            sender.Calls.Select(c => (c.SegmentSize, c.Data.Length, c.Destination)));
    }

    [Fact]
    public async Task TheKernelCutsASegmentedSendIntoTheDatagramsInOrder()
    {
        await using var endpoint = new UdpEndpoint(new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveTimeout = 2000;
        var batch = new SegmentBatch { Depth = 1 };
        var destination = receiver.LocalEndPoint!.Serialize();
        for (byte i = 1; i <= 10; i++)
        {
            batch.Append(endpoint, Datagram(i == 10 ? 300 : 1244, i), destination);
        }

        Assert.Equal(0, endpoint.SendErrors);

        var buffer = new byte[2048];
        var received = new List<(int Length, byte Marker)>();
        for (int i = 0; i < 10; i++)
        {
            int length = receiver.Receive(buffer);
            received.Add((length, buffer[0]));
        }

        Assert.Equal([.. Enumerable.Range(1, 9).Select(i => (1244, (byte)i)), (300, (byte)10)], received);
        Assert.Equal((1, 10), (endpoint.SegmentedSends, endpoint.SegmentedDatagrams));
    }

    private static byte[] Datagram(int length, byte marker)
    {
        var datagram = new byte[length];
        Array.Fill(datagram, marker);
        return datagram;
    }

    private sealed class RecordingSender : IDatagramSender
    {
        public List<(int SegmentSize, byte[] Data, SocketAddress Destination)> Calls { get; } = [];

        public void SendTo(ReadOnlySpan<byte> datagram, SocketAddress destination) => Calls.Add((0, datagram.ToArray(), destination));

        public void SendSegments(ReadOnlySpan<byte> data, int segmentSize, SocketAddress destination) => Calls.Add((segmentSize, data.ToArray(), destination));
    }
}

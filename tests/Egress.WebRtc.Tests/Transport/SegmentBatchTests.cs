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
        batch.Append(sender, Datagram(700, 3), First);
        Assert.Empty(sender.Calls);

        batch.Flush();
        var call = Assert.Single(sender.Calls);
        Assert.Equal((1200, 3100, 3), (call.SegmentSize, call.Data.Length, call.Data[2400]));
    }

    [Fact]
    public void SlicesOfOneFrameLeaveAsRunsOfOneSend()
    {
        // x264's zero-latency frames: a small first slice, then a large one ending in a shorter packet.
        var sender = new RecordingSender();
        var batch = new SegmentBatch { Depth = 1 };
        batch.Append(sender, Datagram(900, 1), First);
        batch.Append(sender, Datagram(1200, 2), First);
        batch.Append(sender, Datagram(1200, 3), First);
        batch.Append(sender, Datagram(400, 4), First);
        batch.Append(sender, Datagram(1200, 5), First);
        batch.Flush();

        var call = Assert.Single(sender.Calls);
        Assert.Equal([new SegmentRun(0, 900, 900), new SegmentRun(900, 2800, 1200), new SegmentRun(3700, 1200, 1200)], call.Runs);
        Assert.Equal((4900, (byte)1, (byte)2, (byte)4, (byte)5), (call.Data.Length, call.Data[0], call.Data[900], call.Data[3300], call.Data[3700]));
    }

    [Fact]
    public void ALargerDatagramStartsARunAndAnotherDestinationOrAFullBatchSendsWhatIsHeldFirst()
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

        // 1000 then a larger 1200: two runs of one send; a new destination sends them; then at most 60,000 bytes
        // (50 segments of 1200) per send.
        Assert.Equal(
            [(-1, 2200, First), (1200, 50 * 1200, Second), (1200, 16 * 1200, Second)],
            sender.Calls.Select(c => (c.SegmentSize, c.Data.Length, c.Destination)));
    }

    [Fact]
    public void AtMostEightRunsGoInOneSend()
    {
        var sender = new RecordingSender();
        var batch = new SegmentBatch { Depth = 1 };
        for (int run = 0; run < SegmentBatch.MaxRuns + 1; run++)
        {
            batch.Append(sender, Datagram(1200, (byte)run), First);
            batch.Append(sender, Datagram(500, (byte)run), First);
        }

        batch.Flush();

        Assert.Equal([(-1, SegmentBatch.MaxRuns), (1200, 1)], sender.Calls.Select(c => (c.SegmentSize, c.Runs.Length)));
        Assert.Equal(1700, sender.Calls[1].Data.Length);
    }

    [Fact]
    public async Task TheKernelCutsASegmentedSendIntoTheDatagramsInOrder()
    {
        int[] lengths = [.. Enumerable.Repeat(1244, 9), 300];
        var (received, sends, datagrams) = await SendThroughTheKernelAsync(lengths);
        Assert.Equal(lengths.Select((length, i) => (length, (byte)(i + 1))), received);
        Assert.Equal((1, 10), (sends, datagrams));
    }

    [Fact]
    public async Task TheKernelSendsRunsInOneCallAndInOrder()
    {
        int[] lengths = [900, 1244, 1244, 1244, 300, 77, 1244, 1244];
        var (received, sends, datagrams) = await SendThroughTheKernelAsync(lengths);
        Assert.Equal(lengths.Select((length, i) => (length, (byte)(i + 1))), received);
        Assert.Equal((1, lengths.Length), (sends, datagrams));
    }

    /// <summary>One batch of datagrams of these lengths through a real socket; what a loopback receiver got, in order.</summary>
    private static async Task<(List<(int Length, byte Marker)> Received, long Sends, long Datagrams)> SendThroughTheKernelAsync(int[] lengths)
    {
        await using var endpoint = new UdpEndpoint(new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveTimeout = 2000;
        var batch = new SegmentBatch { Depth = 1 };
        var destination = receiver.LocalEndPoint!.Serialize();
        for (int i = 0; i < lengths.Length; i++)
        {
            batch.Append(endpoint, Datagram(lengths[i], (byte)(i + 1)), destination);
        }

        batch.Flush();
        Assert.Equal(0, endpoint.SendErrors);
        var buffer = new byte[2048];
        var received = new List<(int Length, byte Marker)>();
        for (int i = 0; i < lengths.Length; i++)
        {
            int length = receiver.Receive(buffer);
            received.Add((length, buffer[0]));
        }

        return (received, endpoint.SegmentedSends, endpoint.SegmentedDatagrams);
    }

    private static byte[] Datagram(int length, byte marker)
    {
        var datagram = new byte[length];
        Array.Fill(datagram, marker);
        return datagram;
    }

    private sealed class RecordingSender : IDatagramSender
    {
        /// <summary>Each call: SegmentSize 0 for a lone datagram, -1 for runs, else the GSO segment size.</summary>
        public List<(int SegmentSize, byte[] Data, SocketAddress Destination, SegmentRun[] Runs)> Calls { get; } = [];

        public void SendTo(ReadOnlySpan<byte> datagram, SocketAddress destination) =>
            Calls.Add((0, datagram.ToArray(), destination, [new SegmentRun(0, datagram.Length, datagram.Length)]));

        public void SendSegments(ReadOnlySpan<byte> data, int segmentSize, SocketAddress destination) =>
            Calls.Add((segmentSize, data.ToArray(), destination, [new SegmentRun(0, data.Length, segmentSize)]));

        public void SendSegmentRuns(ReadOnlySpan<byte> data, ReadOnlySpan<SegmentRun> runs, SocketAddress destination) =>
            Calls.Add((-1, data.ToArray(), destination, runs.ToArray()));
    }
}

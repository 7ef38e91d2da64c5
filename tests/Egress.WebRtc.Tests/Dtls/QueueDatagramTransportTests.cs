using System.Diagnostics;
using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

public sealed class QueueDatagramTransportTests
{
    [Fact]
    public void Receive_ReturnsQueuedDatagramsInOrder()
    {
        var transport = new QueueDatagramTransport(_ => { });
        transport.Enqueue([1, 2, 3]);
        transport.Enqueue([4]);
        var buffer = new byte[16];

        Assert.Equal(3, transport.Receive(buffer, 0, buffer.Length, 100));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal(1, transport.Receive(buffer.AsSpan(), 100));
        Assert.Equal(4, buffer[0]);
        Assert.Equal(0, transport.Count);
    }

    [Fact]
    public void Receive_HonoursWaitMillis_SoBouncyCastleCanRetransmit()
    {
        var transport = new QueueDatagramTransport(_ => { });
        var stopwatch = Stopwatch.StartNew();

        var received = transport.Receive(new byte[16], 0, 16, 60);

        Assert.Equal(-1, received);
        Assert.InRange(stopwatch.ElapsedMilliseconds, 50, 1000);
    }

    [Fact]
    public async Task Receive_WakesWhenADatagramArrives()
    {
        var transport = new QueueDatagramTransport(_ => { });
        var receive = Task.Run(() => transport.Receive(new byte[16], 0, 16, 5000));
        await Task.Delay(50);

        transport.Enqueue([9, 9]);

        Assert.Equal(2, await receive.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Close_WakesABlockedReceive_WithIOException()
    {
        var transport = new QueueDatagramTransport(_ => { });
        var receive = Task.Run(() => transport.Receive(new byte[16], 0, 16, 0));
        await Task.Delay(50);

        transport.Close();

        await Assert.ThrowsAsync<IOException>(() => receive.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Throws<IOException>(() => transport.Receive(new byte[16], 0, 16, 10));
        Assert.False(transport.Enqueue([1]));
    }

    [Fact]
    public void Enqueue_DropsWhenFull_OrOversized_OrEmpty()
    {
        var transport = new QueueDatagramTransport(_ => { }, capacity: 2);

        Assert.True(transport.Enqueue([1]));
        Assert.True(transport.Enqueue([2]));
        Assert.False(transport.Enqueue([3]));
        Assert.False(transport.Enqueue(new byte[QueueDatagramTransport.DefaultReceiveLimit + 1]));
        Assert.False(transport.Enqueue([]));
        Assert.Equal(2, transport.Count);
        Assert.Equal(3, transport.DroppedCount);
    }

    [Fact]
    public void Enqueue_CopiesTheCallersBuffer()
    {
        var transport = new QueueDatagramTransport(_ => { });
        var source = new byte[] { 1, 2 };
        transport.Enqueue(source);
        source[0] = 7;
        var buffer = new byte[4];

        transport.Receive(buffer, 0, 4, 10);

        Assert.Equal(1, buffer[0]);
    }

    [Fact]
    public void Send_InvokesCallback_UntilClosed_AndSwallowsSendErrors()
    {
        var sent = new List<byte[]>();
        var transport = new QueueDatagramTransport(d => sent.Add(d.ToArray()));

        transport.Send([0, 1, 2, 3], 1, 2);
        transport.Send([5]);
        transport.Close();
        transport.Send([6]);

        Assert.Equal([[1, 2], [5]], sent);
        var failing = new QueueDatagramTransport(_ => throw new InvalidOperationException("socket gone"));
        failing.Send([1]);
    }

    [Fact]
    public void Limits_AreMtuSafe()
    {
        var transport = new QueueDatagramTransport(_ => { });

        Assert.Equal(1200, transport.GetSendLimit());
        Assert.Equal(QueueDatagramTransport.DefaultReceiveLimit, transport.GetReceiveLimit());
    }
}

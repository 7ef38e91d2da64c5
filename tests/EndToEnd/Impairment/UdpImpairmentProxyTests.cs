using System.Diagnostics;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Impairment;

public sealed class UdpImpairmentProxyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void PassesThousandDatagramsByteIdenticalAndInOrderWithNone()
    {
        using var server = new UdpPeer(echo: true);
        using var proxy = UdpImpairmentProxy.Start(server.EndPoint, ImpairmentProfile.None, ImpairmentProfile.None);
        using var client = new UdpPeer();
        var random = new Random(1);
        var sent = new List<byte[]>();
        for (var i = 0; i < 1000; i++)
        {
            // Random bytes of random sizes, so every protocol class and odd lengths pass through.
            var datagram = new byte[random.Next(1, 1400)];
            random.NextBytes(datagram);
            sent.Add(datagram);
            client.SendTo(datagram, proxy.ListenEndPoint);
            PaceBurst(i, 20);
        }

        Assert.True(Packets.WaitUntil(() => client.Count == sent.Count, SettleTimeout), $"echoes: {client.Count}");
        var received = client.Snapshot();
        Assert.Equal(sent, received.Select(r => r.Data));
        Assert.All(received, r => Assert.Equal(proxy.ListenEndPoint, r.From));
        Assert.Equal(1000, proxy.Upstream.PacketsForwarded);
        Assert.Equal(1000, proxy.Downstream.PacketsForwarded);
        Assert.Equal(1, proxy.ClientCount);
    }

    [Fact]
    public void TenPercentLossDropsRtpWithinFiveSigmaAndNeverControlTraffic()
    {
        const int rtpCount = 5000;
        const double lossRate = 0.1;
        using var server = new UdpPeer();
        using var proxy = UdpImpairmentProxy.Start(
            server.EndPoint,
            ImpairmentProfile.None,
            new ImpairmentProfile { LossRate = lossRate, Seed = 42 });
        using var client = new UdpPeer();
        (byte First, byte Second)[] control =
        [
            (0x00, 0x01), // STUN binding request
            (0x01, 0x01), // STUN binding success
            (22, 0xFE), // DTLS handshake
            (23, 0xFE), // DTLS application data (SCTP)
            (0x80, 200), // RTCP SR
            (0x81, 201), // RTCP RR
            (0x81, 205), // RTCP transport feedback
            (0x81, 206), // RTCP PLI
        ];
        var controlCount = 0;
        for (var i = 0; i < rtpCount; i++)
        {
            client.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
            if (i % 4 == 0)
            {
                var (first, second) = control[controlCount % control.Length];
                client.SendTo(Packets.WithHeader(first, second, controlCount++), proxy.ListenEndPoint);
            }

            PaceBurst(i, 10);
        }

        var total = rtpCount + controlCount;
        Assert.True(
            Packets.WaitUntil(
                () => proxy.Upstream.PacketsReceived == total && proxy.Upstream.PacketsInFlight == 0
                    && server.Count == proxy.Upstream.PacketsForwarded,
                SettleTimeout),
            $"{proxy.Upstream}, server {server.Count}");

        var received = server.Snapshot();
        var rtpReceived = received.Count(r => PacketClassifier.IsRtp(r.Data));
        var controlReceived = received.Count - rtpReceived;
        var mean = rtpCount * (1 - lossRate);
        var sigma = Math.Sqrt(rtpCount * lossRate * (1 - lossRate));
        output.WriteLine($"RTP forwarded {rtpReceived} of {rtpCount} (expected {mean} ± {5 * sigma:F0}); {proxy.Upstream}");
        Assert.InRange(rtpReceived, mean - (5 * sigma), mean + (5 * sigma));
        Assert.Equal(controlCount, controlReceived);
        Assert.Equal(rtpCount - rtpReceived, proxy.Upstream.PacketsDroppedByLoss);
        Assert.Equal(0, proxy.Upstream.PacketsDroppedByQueue);
    }

    [Fact]
    public void DelayWithJitterKeepsOrderAndMinimumDelay()
    {
        const int count = 200;
        using var server = new UdpPeer();
        using var proxy = UdpImpairmentProxy.Start(
            server.EndPoint,
            ImpairmentProfile.None,
            new ImpairmentProfile
            {
                Delay = TimeSpan.FromMilliseconds(50),
                Jitter = TimeSpan.FromMilliseconds(20),
                Seed = 7,
            });
        using var client = new UdpPeer();
        for (var i = 0; i < count; i++)
        {
            client.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
            Thread.Sleep(1);
        }

        Assert.True(Packets.WaitUntil(() => server.Count == count, SettleTimeout), $"received {server.Count}");
        var received = server.Snapshot();
        Assert.Equal(Enumerable.Range(0, count), received.Select(r => Packets.SequenceOf(r.Data)));
        var delays = received.Select(r => Packets.Milliseconds(r.Timestamp - Packets.SentAt(r.Data))).ToList();
        output.WriteLine($"delay min {delays.Min():F2} ms, mean {delays.Average():F2} ms, max {delays.Max():F2} ms");
        Assert.All(delays, d => Assert.True(d >= 30, $"delay {d:F2} ms below 50 - 20 ms"));

        // Holding for order can only push a datagram up to the latest predecessor's 50 + 20 ms; the rest is
        // slack for scheduling on a shared machine.
        Assert.All(delays, d => Assert.True(d <= 150, $"delay {d:F2} ms far above 50 + 20 ms"));
    }

    [Fact]
    public void FixedDelayIsDeliveredWithinTwoMilliseconds()
    {
        const int count = 100;
        using var server = new UdpPeer();
        using var proxy = UdpImpairmentProxy.Start(
            server.EndPoint,
            ImpairmentProfile.None,
            new ImpairmentProfile { Delay = TimeSpan.FromMilliseconds(20) });
        using var client = new UdpPeer();
        for (var i = 0; i < count; i++)
        {
            client.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
            Thread.Sleep(1);
        }

        Assert.True(Packets.WaitUntil(() => server.Count == count, SettleTimeout), $"received {server.Count}");
        var delays = server.Snapshot().Select(r => Packets.Milliseconds(r.Timestamp - Packets.SentAt(r.Data))).Order().ToList();
        var median = delays[count / 2];
        output.WriteLine($"delay min {delays[0]:F3} ms, median {median:F3} ms, p90 {delays[count * 9 / 10]:F3} ms, max {delays[^1]:F3} ms");
        Assert.True(delays[0] >= 20, $"a datagram left {20 - delays[0]:F3} ms early");

        // The median, not the maximum, because a shared 2-core machine can deschedule any thread for a while.
        Assert.InRange(median, 20, 22);
    }

    [Fact]
    public void JitterReordersWhenAllowed()
    {
        const int count = 100;
        using var server = new UdpPeer();
        using var proxy = UdpImpairmentProxy.Start(
            server.EndPoint,
            ImpairmentProfile.None,
            new ImpairmentProfile
            {
                Delay = TimeSpan.FromMilliseconds(30),
                Jitter = TimeSpan.FromMilliseconds(20),
                AllowReordering = true,
                Seed = 3,
            });
        using var client = new UdpPeer();
        for (var i = 0; i < count; i++)
        {
            client.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
            Thread.Sleep(1);
        }

        Assert.True(Packets.WaitUntil(() => server.Count == count, SettleTimeout), $"received {server.Count}");
        var sequences = server.Snapshot().Select(r => Packets.SequenceOf(r.Data)).ToList();
        Assert.Equal(Enumerable.Range(0, count), sequences.Order());
        Assert.Contains(Enumerable.Range(1, count - 1), i => sequences[i] < sequences[i - 1]);
    }

    [Fact]
    public void RateLimitCapsThroughputAndCountsQueueDrops()
    {
        const int packetLength = 1000;
        const double senderBitsPerSecond = 4_000_000;
        const double capBitsPerSecond = 1_000_000;
        var sendDuration = TimeSpan.FromSeconds(2);
        using var server = new UdpPeer(echo: true);
        using var proxy = UdpImpairmentProxy.Start(server.EndPoint, ImpairmentProfile.None, ImpairmentProfile.None);
        using var client = new UdpPeer();

        // Switched on while running, as a test of a server's congestion control would.
        proxy.SetDownstream(new ImpairmentProfile { RateLimitBitsPerSecond = (long)capBitsPerSecond });
        var interval = packetLength * 8 / senderBitsPerSecond * Stopwatch.Frequency;
        var packetCount = (int)(sendDuration.TotalSeconds * senderBitsPerSecond / (packetLength * 8));
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < packetCount; i++)
        {
            // Paced on a schedule rather than by sleeps, so the sender's rate does not depend on timer slack.
            while (Stopwatch.GetTimestamp() < start + (long)(i * interval))
            {
                Thread.Sleep(1);
            }

            client.SendTo(Packets.Rtp(i, packetLength), proxy.ListenEndPoint);
        }

        Assert.True(
            Packets.WaitUntil(
                () => proxy.Downstream.PacketsReceived == packetCount && proxy.Downstream.PacketsInFlight == 0
                    && client.Count == proxy.Downstream.PacketsForwarded,
                SettleTimeout),
            $"{proxy.Downstream}, client {client.Count}");

        var received = client.Snapshot();
        var seconds = Packets.Milliseconds(received[^1].Timestamp - received[0].Timestamp) / 1000;

        // The first datagram only starts the clock; every later one arrived within the measured span.
        var bits = received.Skip(1).Sum(r => r.Data.Length * 8.0);
        var megabitsPerSecond = bits / seconds / 1e6;
        output.WriteLine($"{megabitsPerSecond:F3} Mbit/s over {seconds:F2} s; {proxy.Downstream}");
        Assert.InRange(megabitsPerSecond, 0.85, 1.15);
        Assert.True(proxy.Downstream.PacketsDroppedByQueue > 0, proxy.Downstream.ToString());
        Assert.Equal(0, proxy.Downstream.PacketsDroppedByLoss);
        Assert.Equal(packetCount, proxy.Upstream.PacketsForwarded);
    }

    [Fact]
    public void EachClientGetsItsOwnUpstreamPort()
    {
        using var server = new UdpPeer(echo: true);
        using var proxy = UdpImpairmentProxy.Start(server.EndPoint, ImpairmentProfile.None, ImpairmentProfile.None);
        using var clientA = new UdpPeer();
        using var clientB = new UdpPeer();
        for (var i = 0; i < 3; i++)
        {
            clientA.SendTo(Packets.WithHeader(0x00, 0x01, 'A'), proxy.ListenEndPoint);
            clientB.SendTo(Packets.WithHeader(0x00, 0x01, 'B'), proxy.ListenEndPoint);
        }

        Assert.True(Packets.WaitUntil(() => clientA.Count == 3 && clientB.Count == 3, SettleTimeout));
        var sourcesByClient = server.Snapshot()
            .GroupBy(r => Packets.SequenceOf(r.Data))
            .ToDictionary(g => g.Key, g => g.Select(r => r.From).Distinct().Single());
        Assert.Equal(2, sourcesByClient.Count);
        Assert.NotEqual(sourcesByClient['A'].Port, sourcesByClient['B'].Port);
        Assert.DoesNotContain(proxy.ListenEndPoint.Port, sourcesByClient.Values.Select(e => e.Port));
        Assert.All(clientA.Snapshot(), r => Assert.Equal('A', Packets.SequenceOf(r.Data)));
        Assert.All(clientB.Snapshot(), r => Assert.Equal('B', Packets.SequenceOf(r.Data)));
        Assert.Equal(2, proxy.ClientCount);
    }

    [Fact]
    public void ProfilesCanBeSwitchedWhileRunning()
    {
        using var server = new UdpPeer(echo: true);
        using var proxy = UdpImpairmentProxy.Start(
            server.EndPoint,
            new ImpairmentProfile { LossRate = 1 },
            ImpairmentProfile.None);
        using var client = new UdpPeer();
        for (var i = 0; i < 20; i++)
        {
            client.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
        }

        Assert.True(Packets.WaitUntil(() => proxy.Downstream.PacketsDroppedByLoss == 20, SettleTimeout));
        Assert.Equal(0, client.Count);

        proxy.SetDownstream(ImpairmentProfile.None);
        Assert.Same(ImpairmentProfile.None, proxy.DownstreamProfile);
        for (var i = 20; i < 40; i++)
        {
            client.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
        }

        Assert.True(Packets.WaitUntil(() => client.Count == 20, SettleTimeout), $"echoes: {client.Count}");
        Assert.Equal(Enumerable.Range(20, 20), client.Snapshot().Select(r => Packets.SequenceOf(r.Data)));
    }

    [Fact]
    public void DisposeEndsEveryThreadWithinOneSecond()
    {
        using var server = new UdpPeer(echo: true);
        var proxy = UdpImpairmentProxy.Start(
            server.EndPoint,
            ImpairmentProfile.None,
            new ImpairmentProfile { Delay = TimeSpan.FromMilliseconds(300) });
        using var clientA = new UdpPeer();
        using var clientB = new UdpPeer();

        // Leave datagrams waiting in the delay line, so shutdown has to cut a busy scheduler short.
        for (var i = 0; i < 10; i++)
        {
            clientA.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
            clientB.SendTo(Packets.Rtp(i), proxy.ListenEndPoint);
        }

        Assert.True(Packets.WaitUntil(() => proxy.Upstream.PacketsReceived == 20, SettleTimeout));
        var threads = proxy.Threads;
        Assert.Equal(5, threads.Count);

        var stopwatch = Stopwatch.StartNew();
        proxy.Dispose();
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"Dispose took {stopwatch.Elapsed}");
        Assert.All(threads, t => Assert.False(t.IsAlive, $"{t.Name} still running"));
        Assert.Equal(0, server.Count);
        Assert.Throws<ObjectDisposedException>(() => proxy.SetUpstream(ImpairmentProfile.None));
    }

    /// <summary>
    /// Sends in bursts with a short sleep between them, so the loopback socket buffers are never the
    /// thing that drops datagrams.
    /// </summary>
    private static void PaceBurst(int index, int burst)
    {
        if (index % burst == burst - 1)
        {
            Thread.Sleep(1);
        }
    }
}

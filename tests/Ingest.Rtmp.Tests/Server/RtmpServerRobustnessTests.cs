using Ingest.Rtmp.Protocol;
using Ingest.Rtmp.Tests.Flv;
using Sfu.Core.Media;

namespace Ingest.Rtmp.Tests.Server;

/// <summary>Mutated and random byte streams against a live server: no crash, no effect on a clean publisher.</summary>
public sealed class RtmpServerRobustnessTests
{
    [Fact]
    public async Task MutatedSessionsNeverDisturbACleanPublisher()
    {
        await using var server = TestRtmpServer.Start(o =>
        {
            // Short enough that stalled attackers are dropped quickly, long enough that 60 of them setting up codec
            // bridges at once on two cores do not starve the clean publisher's own handshake.
            o.IdleTimeout = TimeSpan.FromSeconds(3);
            o.HandshakeTimeout = TimeSpan.FromSeconds(3);
            o.MaxMessageSize = 1 << 20;
        });
        string fixture = FlvFixture.HighAac48kStereo;
        var random = new Random(20261124);
        var attackers = new List<Task>();
        for (int i = 0; i < 60; i++)
        {
            var session = RtmpSessionScript.Publish($"mutant{i}", fixture);
            int flips = random.Next(1, 30);
            for (int f = 0; f < flips; f++)
            {
                session[random.Next(session.Length)] = (byte)random.Next(256);
            }

            if (i % 5 == 0)
            {
                random.NextBytes(session.AsSpan(random.Next(session.Length)));
            }

            attackers.Add(RunAttackerAsync(server.Port, session));
        }

        await using var clean = await RtmpTestClient.ConnectAsync(server.Port);
        var started = RtmpServerProtocolTests.WhenStarted(server.Registry, "clean");
        await clean.SendRawAsync(RtmpSessionScript.Publish("clean", fixture));

        // The clean publisher stays active the way encoders do (acknowledgements), so only attackers go idle.
        using var keepAlive = new CancellationTokenSource();
        var keepAliveLoop = KeepAliveAsync(clean, keepAlive.Token);
        var stream = await started;
        await RtmpServerProtocolTests.WaitUntilAsync(() =>
            stream.FindTrack(MediaKind.Video)?.Counters.Frames == RtmpSessionScript.VideoFrames(fixture)
            && stream.FindTrack(MediaKind.Audio)?.Counters.Frames == RtmpSessionScript.AudioFrames(fixture));

        // Every attacker is closed by the server, on the bad byte or at the idle timeout.
        await Task.WhenAll(attackers).WaitAsync(TimeSpan.FromSeconds(30));
        await server.WaitForConnectionsAsync(1, TimeSpan.FromSeconds(10));
        Assert.False(stream.IsEnded);
        await keepAlive.CancelAsync();
        await keepAliveLoop;
    }

    private static async Task KeepAliveAsync(RtmpTestClient client, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            client.Encoder.Write(2, RtmpMessageType.Acknowledgement, 0, 0, [0, 0, 0, 0]);
            await client.FlushAsync();
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task RunAttackerAsync(int port, byte[] session)
    {
        await using var client = await RtmpTestClient.ConnectAsync(port);
        try
        {
            await client.SendRawAsync(session);
        }
        catch (IOException)
        {
            return;
        }

        Assert.True(await client.WaitForCloseAsync(TimeSpan.FromSeconds(20)), "the server left a mutated session open");
    }
}

using System.Net.Sockets;
using EndToEnd.Infrastructure;

namespace EndToEnd.Rtmp;

/// <summary>Publishers on different keys run side by side; a duplicate key, a wrong app, an unsupported codec and garbage are refused without touching the others.</summary>
public sealed class RtmpPublisherIsolationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoPublishersRunTogetherAndADuplicateKeyIsRefused()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var alphaRecording = server.RecordWhenStarted("alpha");
        var betaRecording = server.RecordWhenStarted("beta");

        using var alpha = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("alpha"), Encoders.PlainProfile, "640x360", 5, realtime: true));
        using var beta = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("beta"), Encoders.PlainProfile, "640x360", 5, realtime: true));
        var alphaRecorder = await alphaRecording;
        var betaRecorder = await betaRecording;

        // While alpha is live, a second encoder on the same key is told why and turned away.
        await Task.Delay(1000);
        using var duplicate = await ExternalProcess.RunAsync(
            Timeout, "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("alpha"), Encoders.PlainProfile, "640x360", 2));
        Assert.NotEqual(0, duplicate.ExitCode);
        Assert.Contains("Stream 'alpha' is already being published", duplicate.StandardError, StringComparison.Ordinal);
        int framesWhenRefused = alphaRecorder.VideoFrames.Count;

        await alpha.WaitAsync(Timeout);
        await beta.WaitAsync(Timeout);
        Assert.True(alpha.ExitCode == 0, alpha.StandardError);
        Assert.True(beta.ExitCode == 0, beta.StandardError);
        await alphaRecorder.WaitForEndAsync(TimeSpan.FromSeconds(10));
        await betaRecorder.WaitForEndAsync(TimeSpan.FromSeconds(10));

        // The first publisher kept going after the refusal, and both arrived frame for frame.
        Assert.True(alphaRecorder.VideoFrames.Count > framesWhenRefused + 30, $"alpha stalled at {framesWhenRefused} frames");
        Assert.InRange(alphaRecorder.VideoFrames.Count, Encoders.FramesReported(alpha.StandardError) - 1, Encoders.FramesReported(alpha.StandardError) + 1);
        Assert.InRange(betaRecorder.VideoFrames.Count, Encoders.FramesReported(beta.StandardError) - 1, Encoders.FramesReported(beta.StandardError) + 1);
        Assert.Equal(0, alphaRecorder.BrokenFrames + betaRecorder.BrokenFrames);
    }

    [Fact]
    public async Task UnknownApplicationIsRefusedWithAReason()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var ffmpeg = await ExternalProcess.RunAsync(
            Timeout, "ffmpeg", Encoders.Ffmpeg($"rtmp://127.0.0.1:{server.RtmpPort}/other/key", Encoders.PlainProfile, "320x240", 1));
        Assert.NotEqual(0, ffmpeg.ExitCode);
        Assert.Contains("Unknown application 'other'", ffmpeg.StandardError, StringComparison.Ordinal);
        Assert.Empty(server.Registry.Streams);
    }

    [Fact]
    public async Task UnsupportedAudioCodecIsRefusedWithAReason()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var recording = server.RecordWhenStarted("mp3");
        string[] profile = [.. Encoders.PlainProfile.TakeWhile(a => a != "-c:a"), "-c:a", "libmp3lame", "-ar", "44100"];
        using var ffmpeg = await ExternalProcess.RunAsync(
            Timeout, "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("mp3"), profile, "320x240", 3, realtime: true));

        var recorder = await recording;
        await recorder.WaitForEndAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(0, ffmpeg.ExitCode);
        Assert.Contains("MP3", ffmpeg.StandardError, StringComparison.Ordinal);
        Assert.Empty(server.Registry.Streams);
    }

    [Fact]
    public async Task ObsDefaultBFramesAreRefusedWithTheSettingToChangeWhenThePolicyRejects()
    {
        await using var server = await ServerUnderTest.StartAsync("--Sfu:Rtmp:BFrames=Reject");
        using var ffmpeg = await ExternalProcess.RunAsync(
            Timeout, "ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("obs"), Encoders.ObsDefaultProfile, "640x360", 4, realtime: true));
        Assert.NotEqual(0, ffmpeg.ExitCode);
        Assert.Contains("Server error: H.264 with B-frames is refused", ffmpeg.StandardError, StringComparison.Ordinal);
        Assert.Contains("bframes=0", ffmpeg.StandardError, StringComparison.Ordinal);
        Assert.Empty(server.Registry.Streams);
    }

    [Fact]
    public async Task GarbageConnectionsDoNotDisturbALivePublisher()
    {
        // Short limits so a hostile client that stalls mid-header is dropped by the idle or handshake timeout.
        await using var server = await ServerUnderTest.StartAsync("--Sfu:Rtmp:IdleTimeout=00:00:03", "--Sfu:Rtmp:HandshakeTimeout=00:00:03");
        var recording = server.RecordWhenStarted("steady");
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("steady"), Encoders.PlainProfile, "640x360", 4, realtime: true));
        var recorder = await recording;

        var random = new Random(1234);
        var attacks = new List<Task>();
        for (int i = 0; i < 40; i++)
        {
            bool handshakeFirst = i % 2 == 0;
            var bytes = new byte[random.Next(1, 20_000)];
            random.NextBytes(bytes);
            attacks.Add(SendGarbageAsync(server.RtmpPort, handshakeFirst, bytes));
        }

        // Every hostile connection must be closed by the server, not left hanging.
        await Task.WhenAll(attacks).WaitAsync(TimeSpan.FromSeconds(30));
        await ServerUnderTest.WaitUntilAsync(() => server.RtmpConnections == 1, TimeSpan.FromSeconds(5), "only the publisher's connection is left");

        await ffmpeg.WaitAsync(Timeout);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.StandardError);
        await recorder.WaitForEndAsync(TimeSpan.FromSeconds(10));
        int sent = Encoders.FramesReported(ffmpeg.StandardError);
        Assert.InRange(recorder.VideoFrames.Count, sent - 1, sent + 1);
        Assert.Equal(0, recorder.BrokenFrames);
    }

    private static async Task SendGarbageAsync(int port, bool handshakeFirst, byte[] garbage)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        try
        {
            if (handshakeFirst)
            {
                var c0c1 = new byte[1537];
                c0c1[0] = 3;
                await stream.WriteAsync(c0c1);
                var s0s1s2 = new byte[3073];
                await stream.ReadExactlyAsync(s0s1s2);
                await stream.WriteAsync(s0s1s2.AsMemory(1, 1536));
            }

            await stream.WriteAsync(garbage);

            // Drain until the server hangs up, which it must: on the garbage itself or at the idle timeout.
            var sink = new byte[4096];
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (await stream.ReadAsync(sink, cancel.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset by the server: also a hang-up.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the server left a garbage connection open");
        }
    }
}

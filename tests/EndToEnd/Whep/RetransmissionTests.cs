using System.Net;
using System.Net.Sockets;
using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Whep;

/// <summary>
/// A viewer on a lossy network: 3 % of media packets lost on the way, 20 ms ± 10 ms of delay (a userspace proxy
/// between Chromium and the server, since this kernel has no netem). With NACK answered by RTX the picture holds;
/// without, it freezes at every loss until the next keyframe. Both runs in the same test, same impairment.
/// </summary>
public sealed class RetransmissionTests(ITestOutputHelper output)
{
    private static readonly ImpairmentProfile LossyDownlink = new()
    {
        LossRate = 0.03,
        Delay = TimeSpan.FromMilliseconds(20),
        Jitter = TimeSpan.FromMilliseconds(10),
        Seed = 7,
    };

    [Fact]
    public async Task NackWithRtxKeepsALossyViewerPlayingWhereNoRetransmissionFreezes()
    {
        var withRtx = await PlayThroughLossAsync(retransmissions: true);
        var without = await PlayThroughLossAsync(retransmissions: false);
        output.WriteLine($"with NACK/RTX:    {withRtx}");
        output.WriteLine($"without:          {without}");

        // The viewer asked for what it missed and got it back as RTX, counted on both sides.
        Assert.True(withRtx.Viewer.NackCount > 10, $"viewer sent {withRtx.Viewer.NackCount} NACKs");
        Assert.True(withRtx.Viewer.RetransmittedPacketsReceived > 10, $"viewer got {withRtx.Viewer.RetransmittedPacketsReceived} RTX packets");
        Assert.True(withRtx.ServerRetransmissions >= withRtx.Viewer.RetransmittedPacketsReceived, "server counted fewer resends than the viewer got");
        Assert.Equal(0, without.ServerRetransmissions); // Chromium 156 NACKs even when the answer leaves nack out; nobody answers


        // What the viewer sees: a fraction of the frozen time and of the frames lost, with retransmission.
        // Frozen time as a viewer sees it: Chromium's freeze counters only close a freeze when frames resume, so a
        // picture that stops for good hardly counts; the 30 fps frames that never came do.
        Assert.True(withRtx.StalledSeconds * 3 <= without.StalledSeconds, $"stalled {withRtx.StalledSeconds:0.00} s vs {without.StalledSeconds:0.00} s");
        Assert.True(withRtx.Viewer.TotalFreezesDuration < 3, $"frozen {withRtx.Viewer.TotalFreezesDuration:0.00} s of 10 with retransmission");
        Assert.True(withRtx.Decoded >= 240, $"{withRtx.Decoded} frames decoded in 10 s with retransmission");
        Assert.True(withRtx.Decoded > without.Decoded * 3, $"decoded {withRtx.Decoded} vs {without.Decoded}");
    }

    private async Task<LossRun> PlayThroughLossAsync(bool retransmissions)
    {
        int mediaPort = UdpImpairmentProxy.FreeUdpPort();
        using var proxy = UdpImpairmentProxy.Start(new IPEndPoint(IPAddress.Loopback, mediaPort), LossyDownlink, ImpairmentProfile.None);
        await using var server = await ServerUnderTest.StartAsync(
            $"--Sfu:WebRtc:Port={mediaPort}",
            $"--Sfu:WebRtc:AnnouncedPort={proxy.ListenEndPoint.Port}",
            $"--Sfu:WebRtc:Retransmissions={retransmissions}");
        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("lossy"), Encoders.PlainProfile, "640x360", 40, realtime: true));
        await server.WaitForStreamAsync("lossy", TimeSpan.FromSeconds(20));
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(browser, server.HttpBase, "lossy");
        await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var start = await player.StatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var end = await player.StatsAsync();
        var peer = Assert.Single(server.Whep.Peers);
        Assert.True(proxy.Downstream.PacketsDroppedByLoss > 30, $"the proxy dropped only {proxy.Downstream.PacketsDroppedByLoss} packets");

        // Chromium's transport-cc feedback, as we parse it, sees the loss the proxy made (3 % of RTP, RTX included).
        double feedbackLoss = peer.Stats.PacketsLostByFeedback / (double)peer.Stats.PacketsReportedByFeedback;
        output.WriteLine($"transport-cc: {peer.Stats.TransportFeedbackReports} reports on {peer.Stats.PacketsReportedByFeedback} packets, {feedbackLoss:P1} lost, {peer.Stats.MalformedFeedback} malformed");
        // At least what the proxy dropped; more when the loaded machine also overflows a socket buffer (seen: 7 %).
        Assert.True(peer.Stats.PacketsLostByFeedback >= proxy.Downstream.PacketsDroppedByLoss * 0.8, $"feedback reported {peer.Stats.PacketsLostByFeedback} lost, the proxy dropped {proxy.Downstream.PacketsDroppedByLoss}");
        Assert.InRange(feedbackLoss, 0.015, 0.15);
        Assert.Equal(0, peer.Stats.MalformedFeedback);
        ffmpeg.Kill();
        return new LossRun(end with
        {
            FreezeCount = end.FreezeCount - start.FreezeCount,
            TotalFreezesDuration = end.TotalFreezesDuration - start.TotalFreezesDuration,
            NackCount = end.NackCount - start.NackCount,
            RetransmittedPacketsReceived = end.RetransmittedPacketsReceived - start.RetransmittedPacketsReceived,
            PacketsLost = end.PacketsLost - start.PacketsLost,
        }, end.FramesDecoded - start.FramesDecoded, peer.RetransmissionsSent, proxy.Downstream.PacketsDroppedByLoss);
    }


    private sealed record LossRun(VideoStats Viewer, long Decoded, long ServerRetransmissions, long DroppedByProxy)
    {
        /// <summary>Seconds of the 10 s window without a picture: Chromium's frozen time, or the missing frames' time if longer.</summary>
        public double StalledSeconds => Math.Max(Viewer.TotalFreezesDuration, 10 - (Decoded / 30.0));

        public override string ToString() =>
            $"{Decoded} frames decoded in 10 s, freezes {Viewer.FreezeCount} ({Viewer.TotalFreezesDuration:0.00} s), dropped {Viewer.FramesDropped}, " +
            $"lost {Viewer.PacketsLost}, NACKs {Viewer.NackCount}, PLIs {Viewer.PliCount}, RTX received {Viewer.RetransmittedPacketsReceived}, " +
            $"server resent {ServerRetransmissions}; proxy dropped {DroppedByProxy}";
    }
}

using EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Admin;

/// <summary>What Prometheus scrapes at /metrics and what an OTLP collector receives, while a real stream plays.</summary>
public sealed class TelemetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MetricsMoveWithTheMediaAndSessionSetupIsTracedOverOtlp()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var server = await ServerUnderTest.StartAsync(
            $"--Sfu:Telemetry:OtlpEndpoint={collector.Endpoint}",
            "--Sfu:Telemetry:OtlpProtocol=http/protobuf",
            "--Sfu:Telemetry:OtlpMetricInterval=00:00:01",
            "--Logging:LogLevel:Ingest=Information");
        using var http = new HttpClient { BaseAddress = server.HttpBase };
        var idle = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(0, idle.Sum("sfu_streams_active"));
        Assert.Equal(0, idle.Sum("sfu_egress_packets_total"));

        using var ffmpeg = ExternalProcess.Start("ffmpeg", Encoders.Ffmpeg(server.RtmpUrl("metered"), Encoders.PlainProfile, "640x360", 40, realtime: true));
        await server.WaitForStreamAsync("metered", TimeSpan.FromSeconds(20));
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var player = await PlayerPage.OpenAsync(browser, server.HttpBase, "metered");
        await player.WaitForFirstFrameAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var first = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var second = PrometheusText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        var viewer = await player.StatsAsync();

        Assert.Equal(1, second.Sum("sfu_streams_active", ("protocol", "rtmp")));
        Assert.Equal(1, second.Sum("sfu_sessions_active", ("role", "viewer"), ("protocol", "whep")));
        Assert.Equal(1, second.Sum("sfu_sessions_active", ("role", "publisher"), ("protocol", "rtmp")));

        // Two seconds of 2.5 Mbit/s video and Opus: the packet and byte counters move by what the viewer received.
        double packets = second.Sum("sfu_egress_packets_total") - first.Sum("sfu_egress_packets_total");
        double bytes = second.Sum("sfu_egress_bytes_total") - first.Sum("sfu_egress_bytes_total");
        double ingest = second.Sum("sfu_ingest_packets_total") - first.Sum("sfu_ingest_packets_total");
        output.WriteLine($"in 2 s: {packets} packets, {bytes} bytes out; {ingest} packets in; viewer has {viewer.PacketsReceived} video packets");
        Assert.InRange(packets, 300, 2_000);
        Assert.InRange(bytes * 8 / 2, 1_000_000, 6_000_000);
        Assert.InRange(ingest, 300, 2_000);
        Assert.True(second.Sum("sfu_egress_packets_total") >= viewer.PacketsReceived, "the server counts fewer packets than the viewer received");

        // Histograms: one DTLS handshake, and ingest-to-wire latency of every forwarded packet.
        Assert.Equal(1, second.Sum("sfu_dtls_handshake_duration_seconds_count"));
        double latencyCount = second.Sum("sfu_ingest_to_wire_latency_seconds_count");
        double latencyUnder10ms = second.Sum("sfu_ingest_to_wire_latency_seconds_bucket", ("le", "0.01"));
        output.WriteLine($"ingest-to-wire: {latencyCount} packets, {latencyUnder10ms} within 10 ms");
        Assert.True(latencyCount > 500, $"{latencyCount} latency samples");
        Assert.True(latencyUnder10ms >= latencyCount * 0.99, "more than 1% of packets took over 10 ms inside the server");
        Assert.True(second.Has("http_server_request_duration_seconds_bucket"), "ASP.NET Core's own metrics are missing");

        // The collector gets the setup traces (WHEP: POST → ICE → DTLS → first packet; RTMP: connect → first keyframe),
        // the metrics and the logs.
        await ServerUnderTest.WaitUntilAsync(
            () => collector.Contains("/v1/traces", "whep.session.setup") && collector.Contains("/v1/traces", "rtmp.publish.setup"),
            TimeSpan.FromSeconds(20),
            "setup traces reach the collector");
        foreach (string span in new[] { "ice.connectivity", "dtls.handshake", "first_media", "rtmp.handshake", "rtmp.connect", "rtmp.publish", "rtmp.first_keyframe", "POST /whep/{stream}" })
        {
            Assert.True(collector.Contains("/v1/traces", span), $"span {span} not exported");
        }

        await ServerUnderTest.WaitUntilAsync(() => collector.Contains("/v1/metrics", "sfu.egress.packets"), TimeSpan.FromSeconds(10), "metrics reach the collector");
        await ServerUnderTest.WaitUntilAsync(() => collector.Contains("/v1/logs", "publishing stream 'metered'"), TimeSpan.FromSeconds(10), "logs reach the collector");
        ffmpeg.Kill();
    }
}

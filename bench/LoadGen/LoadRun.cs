using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Egress.WebRtc.Dtls;

namespace LoadGen;

/// <summary>Ramps the viewers up, holds them, hangs up, and prints a line a second and a summary.</summary>
internal sealed class LoadRun(LoadOptions options, TextWriter output)
{
    private readonly LoadStats _stats = new();
    private readonly List<LoadViewer> _viewers = [];
    private readonly List<string> _failures = [];

    /// <summary>Runs the load; returns the process exit code (0: every viewer connected and got a keyframe).</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        var certificate = DtlsCertificate.Generate("loadgen");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { Timeout = TimeSpan.FromSeconds(15) };
        using var handshakes = new SemaphoreSlim(options.ConcurrentHandshakes);
        using var stopTimers = new CancellationTokenSource();
        var self = new ProcessCpu(Environment.ProcessId);
        var server = options.ServerPid is { } pid ? new ProcessCpu(pid) : null;
        var tick = Task.Factory.StartNew(() => TickLoop(stopTimers.Token), TaskCreationOptions.LongRunning);
        var report = ReportLoopAsync(self, server, stopTimers.Token);

        output.WriteLine($"loadgen: {options.Viewers} viewers of {options.Url} at {options.RampPerSecond}/s, hold {options.Hold.TotalSeconds:0} s");
        var started = Stopwatch.GetTimestamp();
        var connects = new List<Task>();
        for (int i = 0; i < options.Viewers && !cancellation.IsCancellationRequested; i++)
        {
            var viewer = new LoadViewer(options, _stats, certificate);
            lock (_viewers)
            {
                _viewers.Add(viewer);
            }

            connects.Add(ConnectAsync(viewer, http, handshakes, cancellation));
            var due = started + (long)((i + 1) / options.RampPerSecond * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(connects).ConfigureAwait(false);
        var joined = Stopwatch.GetElapsedTime(started);
        long dtlsConnected = _stats.Connected;
        output.WriteLine($"loadgen: {dtlsConnected} of {options.Viewers} viewers connected (ICE and DTLS) {joined.TotalSeconds:0.0} s after the first POST; {_stats.Failed} failed");

        // The hold is the measured window: what arrived, and what the server and this process spent, once all joined.
        long? serverMemoryBefore = options.ServerPid is { } memoryPid ? ProcessCpu.ReadResidentBytes(memoryPid) : null;
        long holdStart = Stopwatch.GetTimestamp();
        long holdPackets = _stats.Packets;
        double? serverCpuAtStart = options.ServerPid is { } serverPid ? ProcessCpu.ReadCpuSeconds(serverPid) : null;
        double? selfCpuAtStart = ProcessCpu.ReadCpuSeconds(Environment.ProcessId);
        try
        {
            await Task.Delay(options.Hold, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        double holdSeconds = Stopwatch.GetElapsedTime(holdStart).TotalSeconds;
        double holdPacketsPerSecond = (_stats.Packets - holdPackets) / holdSeconds;
        double? serverCores = options.ServerPid is { } pidAtEnd && serverCpuAtStart is { } serverStart && ProcessCpu.ReadCpuSeconds(pidAtEnd) is { } serverEnd
            ? (serverEnd - serverStart) / holdSeconds
            : null;
        long? serverMemory = options.ServerPid is { } memoryPidAtEnd ? ProcessCpu.ReadResidentBytes(memoryPidAtEnd) : null;
        double? selfCores = selfCpuAtStart is { } selfStart && ProcessCpu.ReadCpuSeconds(Environment.ProcessId) is { } selfEnd ? (selfEnd - selfStart) / holdSeconds : null;
        long packets = _stats.Packets;
        long lost = _stats.Lost;
        await Task.WhenAll(_viewers.Select(v => v.HangUpAsync(http))).ConfigureAwait(false);
        await stopTimers.CancelAsync().ConfigureAwait(false);
        await tick.ConfigureAwait(false);
        await report.ConfigureAwait(false);

        var (count, p50, p95, p99) = _stats.FirstKeyframePercentiles();
        double loss = packets + lost == 0 ? 0 : lost / (double)(packets + lost);
        if (dtlsConnected > 0 && packets == 0)
        {
            output.WriteLine("loadgen: viewers connected but received no RTP: the server answered and finished DTLS, then sent nothing");
        }

        output.WriteLine(JsonSerializer.Serialize(new
        {
            viewers = options.Viewers,
            dtlsConnected,
            gotKeyframe = count,
            failed = _stats.Failed,
            joinSeconds = Math.Round(joined.TotalSeconds, 2),
            packets,
            lost,
            loss = Math.Round(loss, 6),
            late = _stats.Late,
            nacks = _stats.Nacks,
            retransmissions = _stats.Retransmissions,
            decryptFailures = _stats.DecryptFailures,
            firstKeyframeMs = new { p50 = Math.Round(p50), p95 = Math.Round(p95), p99 = Math.Round(p99) },
            hold = new
            {
                seconds = Math.Round(holdSeconds, 1),
                packetsPerSecond = Math.Round(holdPacketsPerSecond),
                serverCores = serverCores is { } sc ? Math.Round(sc, 3) : (double?)null,
                packetsPerServerCoreSecond = serverCores is > 0 ? Math.Round(holdPacketsPerSecond / serverCores.Value) : (double?)null,
                loadGenCores = selfCores is { } lc ? Math.Round(lc, 3) : (double?)null,
                serverResidentMegabytes = serverMemory is { } rss ? Math.Round(rss / 1048576.0, 1) : (double?)null,
                serverResidentMegabytesBeforeHold = serverMemoryBefore is { } before ? Math.Round(before / 1048576.0, 1) : (double?)null,
            },
        }));
        foreach (string failure in _failures.Distinct().Take(5))
        {
            output.WriteLine($"loadgen: setup failure: {failure}");
        }

        return _stats.Failed == 0 && count == options.Viewers && _stats.DecryptFailures == 0 ? 0 : 1;
    }

    private async Task ConnectAsync(LoadViewer viewer, HttpClient http, SemaphoreSlim handshakes, CancellationToken cancellation)
    {
        try
        {
            await viewer.ConnectAsync(http, handshakes, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            _stats.AddFailed();
            lock (_failures)
            {
                _failures.Add(ex.Message);
            }

            await viewer.HangUpAsync(http).ConfigureAwait(false);
        }
    }

    /// <summary>Every 20 ms: each viewer's NACKs, transport-cc, receiver reports and consent checks.</summary>
    private void TickLoop(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Thread.Sleep(20);
            long now = Stopwatch.GetTimestamp();
            LoadViewer[] viewers;
            lock (_viewers)
            {
                viewers = [.. _viewers];
            }

            foreach (var viewer in viewers)
            {
                viewer.OnTick(now);
            }
        }
    }

    private async Task ReportLoopAsync(ProcessCpu self, ProcessCpu? server, CancellationToken stop)
    {
        output.WriteLine("   s  viewers  failed   packets/s    Mbit/s   lost   late  nacks  rtx   first keyframe p50/p95/p99 ms   loadgen cpu" + (server is null ? string.Empty : "   server cpu  packets/server-core-s"));
        self.Sample();
        server?.Sample();
        long packets = 0, bytes = 0, lost = 0, late = 0, nacks = 0, rtx = 0;
        int second = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                second++;
                long p = _stats.Packets, b = _stats.Bytes, l = _stats.Lost, la = _stats.Late, n = _stats.Nacks, r = _stats.Retransmissions;
                var (_, p50, p95, p99) = _stats.FirstKeyframePercentiles();
                double selfCores = self.Sample() ?? 0;
                double? serverCores = server?.Sample();
                string serverColumns = server is null ? string.Empty
                    : serverCores is { } cores ? string.Create(CultureInfo.InvariantCulture, $"  {cores * 100,9:0}%  {(cores > 0 ? (p - packets) / cores : 0),20:0}") : "  (server gone)";
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{second,4}  {_stats.Connected,7}  {_stats.Failed,6}  {p - packets,10}  {(b - bytes) * 8 / 1e6,8:0.00}  {l - lost,5}  {la - late,5}  {n - nacks,5}  {r - rtx,3}   {p50,8:0}/{p95,5:0}/{p99,5:0}            {selfCores * 100,6:0}%{serverColumns}"));
                (packets, bytes, lost, late, nacks, rtx) = (p, b, l, la, n, r);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

using System.Globalization;

namespace EndToEnd.Infrastructure;

/// <summary>One real server process joined to a cluster through Redis, on ports chosen before it starts.</summary>
public sealed class ClusterNodeProcess : IDisposable
{
    private readonly TempDirectory _data;

    private ClusterNodeProcess(string id, int httpPort, int rtmpPort, ExternalProcess process, TempDirectory data)
    {
        _data = data;
        Id = id;
        Http = new Uri($"http://127.0.0.1:{httpPort}");
        RtmpPort = rtmpPort;
        Process = process;
    }

    /// <summary>The node's id in the directory.</summary>
    public string Id { get; }

    /// <summary>Its HTTP base URL (WHEP, player, metrics, cluster endpoints).</summary>
    public Uri Http { get; }

    /// <summary>Its RTMP port.</summary>
    public int RtmpPort { get; }

    /// <summary>The process.</summary>
    public ExternalProcess Process { get; }

    /// <summary>Starts node <paramref name="id"/> against <paramref name="redis"/> and waits until it serves HTTP.</summary>
    public static async Task<ClusterNodeProcess> StartAsync(string id, RedisProcess redis, string mode = "relay", params string[] extra)
    {
        int http = FreePort.Tcp();
        int rtmp = FreePort.Tcp();
        string dll = Path.Combine(AppContext.BaseDirectory, "ControlPlane.dll");
        var data = new TempDirectory();
        var process = ExternalProcess.Start(
            "dotnet",
            [dll, $"--Sfu:HttpPort={http}", "--Sfu:HttpListenAddress=127.0.0.1", $"--Sfu:Rtmp:Port={rtmp}", "--Sfu:Rtmp:ListenAddress=127.0.0.1",
             "--Sfu:WebRtc:Port=0", "--Sfu:WebRtc:ListenAddress=127.0.0.1", "--Sfu:Admin:GrpcPort=0", "--Sfu:Admin:GrpcListenAddress=127.0.0.1",
             $"--Sfu:DataDirectory={data.Path}", $"--Sfu:Cluster:NodeId={id}", $"--Sfu:Cluster:Redis={redis.Configuration}",
             "--Sfu:Cluster:Secret=cluster-test-secret", $"--Sfu:Cluster:Mode={mode}", "--Sfu:Cluster:HeartbeatInterval=00:00:01",
             "--Sfu:Cluster:Expiry=00:00:04", "--Sfu:Drain:ShutdownTimeout=00:00:20", .. extra]);
        var node = new ClusterNodeProcess(id, http, rtmp, process, data);
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync(new Uri(node.Http, "/healthz"))).IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"node {id} did not serve /healthz within 30 s:\n{process.StandardOutput}\n{process.StandardError}");
    }

    /// <summary>The node's Prometheus text.</summary>
    public async Task<PrometheusText> MetricsAsync()
    {
        using var client = new HttpClient();
        return PrometheusText.Parse(await client.GetStringAsync(new Uri(Http, "/metrics")));
    }

    /// <summary>Ids of the live nodes this node sees in the directory.</summary>
    public async Task<IReadOnlyList<string>> LiveNodesAsync()
    {
        using var client = new HttpClient();
        var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri(Http, "/cluster/nodes")));
        return [.. json.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Process.Dispose();
        _data.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} {Http}");
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using ControlPlane.Cluster;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Tests.Deployment;

/// <summary>
/// The Kubernetes manifests (k8s/base, rendered by kustomize where kubectl is installed, parsed here either way) and
/// the Helm chart (every value a template uses exists) carry what a node needs to run in a cluster.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void TheBaseDeploymentExposesMediaPerPodProbesHealthAndDrainsWithinItsGracePeriod()
    {
        var objects = LoadBase();
        var deployment = Single(objects, "Deployment", "sfu");
        var pod = deployment.Get("spec", "template");
        var container = pod.Find("spec", "containers").Items().Single(c => c.Scalar("name") == "sfu");

        var ports = container.Find("ports").Items().ToDictionary(p => p.Scalar("name")!, p => (Port: int.Parse(p.Scalar("containerPort")!), Protocol: p.Scalar("protocol"), HostPort: p.Scalar("hostPort")));
        Assert.Equal((8080, "TCP"), (ports["http"].Port, ports["http"].Protocol));
        Assert.Equal((50051, "TCP"), (ports["grpc"].Port, ports["grpc"].Protocol));
        Assert.Equal((1935, "TCP"), (ports["rtmp"].Port, ports["rtmp"].Protocol));
        Assert.Equal((8000, "UDP", "8000"), ports["webrtc"]);

        var env = container.Find("env").Items().ToDictionary(e => e.Scalar("name")!);
        Assert.Equal("status.hostIP", env["HOST_IP"].Get("valueFrom", "fieldRef").Scalar("fieldPath"));
        Assert.Equal("metadata.name", env["POD_NAME"].Get("valueFrom", "fieldRef").Scalar("fieldPath"));
        Assert.Equal("$(HOST_IP)", env["Sfu__WebRtc__AnnouncedAddresses__0"].Scalar("value"));
        Assert.Equal("$(POD_NAME)", env["Sfu__Cluster__NodeId"].Scalar("value"));

        // The settings bind as the server reads them (double underscores are colons in environment variables).
        var settings = new ConfigurationBuilder().AddInMemoryCollection(
            env.Values.Where(e => e.Scalar("value") is not null).Select(e => KeyValuePair.Create(e.Scalar("name")!.Replace("__", ":", StringComparison.Ordinal), e.Scalar("value")))).Build();
        var cluster = settings.GetSection(ClusterOptions.Section).Get<ClusterOptions>()!;
        Assert.Equal(ClusterModes.Relay, cluster.Mode);
        var drainTimeout = TimeSpan.Parse(settings["Sfu:Drain:ShutdownTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

        // Redis is where the base's Redis Service is; the secrets come from the generated Secret's keys.
        var redisService = Single(objects, "Service", cluster.Redis!.Split(':')[0]);
        Assert.Contains(redisService.Find("spec", "ports").Items(), p => p.Scalar("port") == cluster.Redis.Split(':')[1]);
        var secret = Single(objects, "Secret", "sfu-secrets");
        foreach (var name in new[] { "Sfu__Cluster__Secret", "Sfu__Admin__ApiKey", "Sfu__Play__TokenSecret" })
        {
            var reference = env[name].Get("valueFrom", "secretKeyRef");
            Assert.Equal("sfu-secrets", reference.Scalar("name"));
            Assert.NotNull(secret.Get("data").Find(reference.Scalar("key")!));
        }

        Assert.Equal("/healthz", container.Get("livenessProbe", "httpGet").Scalar("path"));
        Assert.Equal("/readyz", container.Get("readinessProbe", "httpGet").Scalar("path"));
        Assert.All(new[] { "livenessProbe", "readinessProbe" }, p => Assert.Equal("http", container.Get(p, "httpGet").Scalar("port")));

        // SIGTERM comes after preStop; the grace period must cover preStop plus the whole drain.
        var preStop = container.Find("lifecycle", "preStop", "exec", "command").Items().Select(c => c.ScalarValue()).ToList();
        Assert.Equal("sleep", preStop[0]);
        int grace = int.Parse(pod.Get("spec").Scalar("terminationGracePeriodSeconds")!);
        Assert.True(grace >= int.Parse(preStop[1]!) + drainTimeout.TotalSeconds, $"grace {grace} s < preStop {preStop[1]} s + drain {drainTimeout.TotalSeconds} s");

        Assert.NotNull(container.Get("resources", "requests").Find("cpu"));
        Assert.NotNull(container.Get("resources", "requests").Find("memory"));

        var podLabels = pod.Get("metadata", "labels");
        Assert.True(Matches(Single(objects, "PodDisruptionBudget", "sfu").Get("spec", "selector", "matchLabels"), podLabels));
        var service = Single(objects, "Service", "sfu");
        Assert.True(Matches(service.Get("spec", "selector"), podLabels));
        Assert.All(service.Find("spec", "ports").Items(), p => Assert.Contains(p.Scalar("targetPort")!, ports.Keys));
        Assert.DoesNotContain(service.Find("spec", "ports").Items(), p => p.Scalar("protocol") == "UDP");
    }

    [Fact]
    public void TheBaseRendersToTheSfuItsRedisItsServicesBudgetAndSecret()
    {
        // kustomize itself where kubectl is installed; elsewhere this test's own reading of the kustomization
        // (resources plus the generated Secret), so the same objects are asserted either way.
        string? kubectl = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);
        IEnumerable<YamlMappingNode> rendered = LoadBase();
        if (kubectl is not null)
        {
            var info = new ProcessStartInfo(kubectl, ["kustomize", Path.Combine(Root, "k8s", "base")]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            rendered = ParseDocuments(output);
        }

        var kinds = rendered.Select(d => $"{d.Scalar("kind")}/{d.Get("metadata").Scalar("name")}").Order().ToList();
        Assert.Equal(["Deployment/sfu", "Deployment/sfu-redis", "PodDisruptionBudget/sfu", "Secret/sfu-secrets", "Service/sfu", "Service/sfu-redis"], kinds);
    }

    [Fact]
    public void EveryValueTheHelmTemplatesUseIsDefinedAndTheChartCarriesTheEssentials()
    {
        string chart = Path.Combine(Root, "k8s", "helm", "sfu");
        var meta = ParseDocuments(File.ReadAllText(Path.Combine(chart, "Chart.yaml"))).Single();
        Assert.Equal(("v2", "sfu"), (meta.Scalar("apiVersion"), meta.Scalar("name")));
        var values = ParseDocuments(File.ReadAllText(Path.Combine(chart, "values.yaml"))).Single();

        var templates = Directory.GetFiles(Path.Combine(chart, "templates")).ToDictionary(f => Path.GetFileName(f)!, File.ReadAllText);
        var used = templates.Values.SelectMany(t => ValuesReference().Matches(t).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.True(used.Count > 20, $"only {used.Count} values used");
        Assert.All(used, path => Assert.True(values.Find(path.Split('.')) is not null, $".Values.{path} is used by a template but not defined in values.yaml"));

        string deployment = templates["deployment.yaml"];
        Assert.Contains("path: /healthz", deployment, StringComparison.Ordinal);
        Assert.Contains("path: /readyz", deployment, StringComparison.Ordinal);
        Assert.Contains("preStop:", deployment, StringComparison.Ordinal);
        Assert.Contains("terminationGracePeriodSeconds: {{ add .Values.drain.timeoutSeconds .Values.drain.preStopSeconds", deployment, StringComparison.Ordinal);
        Assert.Contains("fieldPath: status.hostIP", deployment, StringComparison.Ordinal);
        Assert.Contains("protocol: UDP", deployment, StringComparison.Ordinal);
        Assert.Contains("kind: PodDisruptionBudget", templates["pdb.yaml"], StringComparison.Ordinal);
        Assert.Contains("kind: HorizontalPodAutoscaler", templates["hpa.yaml"], StringComparison.Ordinal);
        Assert.Equal("false", values.Get("autoscaling").Scalar("enabled"));
    }

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_.]+)")]
    private static partial Regex ValuesReference();

    private static List<YamlMappingNode> LoadBase()
    {
        string directory = Path.Combine(Root, "k8s", "base");
        var kustomization = ParseDocuments(File.ReadAllText(Path.Combine(directory, "kustomization.yaml"))).Single();
        var objects = kustomization.Find("resources").Items()
            .SelectMany(r => ParseDocuments(File.ReadAllText(Path.Combine(directory, r.ScalarValue()!))))
            .ToList();

        // The secretGenerator's Secret, as kustomize would make it (keys only; values are placeholders to replace).
        foreach (var generator in kustomization.Find("secretGenerator").Items())
        {
            var data = new YamlMappingNode();
            foreach (var literal in generator.Find("literals").Items())
            {
                var pair = literal.ScalarValue()!.Split('=', 2);
                data.Add(pair[0], pair[1]);
            }

            objects.Add(new YamlMappingNode { { "kind", "Secret" }, { "metadata", new YamlMappingNode { { "name", generator.Scalar("name")! } } }, { "data", data } });
        }

        return objects;
    }

    private static IEnumerable<YamlMappingNode> ParseDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }

    private static YamlMappingNode Single(IEnumerable<YamlMappingNode> objects, string kind, string name) =>
        objects.Single(o => o.Scalar("kind") == kind && o.Get("metadata").Scalar("name") == name);

    private static bool Matches(YamlMappingNode selector, YamlMappingNode labels) =>
        selector.Children.All(kv => labels.Find(kv.Key.ToString()) is YamlScalarNode value && value.Value == kv.Value.ToString());

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sfu.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sfu.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Short navigation over YamlDotNet's node model.</summary>
internal static class YamlNavigation
{
    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (string key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
            {
                return null;
            }
        }

        return current;
    }

    public static YamlMappingNode Get(this YamlNode node, params string[] path) =>
        node.Find(path) as YamlMappingNode ?? throw new KeyNotFoundException($"no mapping at {string.Join('.', path)}");

    public static string? Scalar(this YamlNode node, string key) => (node.Find(key) as YamlScalarNode)?.Value;

    public static string? ScalarValue(this YamlNode node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<YamlNode> Items(this YamlMappingNode node, string key) => node.Find(key).Items();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace EndToEnd.Infrastructure;

/// <summary>Samples read from a Prometheus text exposition (what a scraper sees at <c>/metrics</c>).</summary>
public sealed partial class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private PrometheusText()
    {
    }

    /// <summary>Number of samples read.</summary>
    public int Count => _samples.Count;

    /// <summary>Parses the exposition, failing on any line that is neither a comment nor a valid sample.</summary>
    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = Sample().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups[1].Value] = label.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            string raw = match.Groups["value"].Value;
            double value = raw switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(raw, CultureInfo.InvariantCulture),
            };
            result._samples.Add((match.Groups["name"].Value, labels, value));
        }

        return result;
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>The cumulative count of a histogram's bucket with the largest bound at or below <paramref name="bound"/>.</summary>
    /// <remarks>The exporter names a histogram after its unit (e.g. <c>_bits_per_second</c>), so it is found by prefix.</remarks>
    public double BucketAtOrBelow(string histogramPrefix, double bound) =>
        _samples
            .Where(s => s.Name.StartsWith(histogramPrefix, StringComparison.Ordinal) && s.Name.EndsWith("_bucket", StringComparison.Ordinal))
            .Select(s => (Bound: double.Parse(s.Labels["le"].Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture), s.Value))
            .Where(b => b.Bound <= bound)
            .OrderByDescending(b => b.Bound)
            .Select(b => b.Value)
            .FirstOrDefault();

    /// <summary>True when at least one sample of <paramref name="name"/> exists.</summary>
    public bool Has(string name) => _samples.Any(s => s.Name == name);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}

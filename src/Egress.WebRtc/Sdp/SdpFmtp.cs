using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=fmtp:&lt;format&gt; &lt;parameters&gt; with the usual "k=v;k=v" parameters exposed as a case-insensitive map.</summary>
public sealed class SdpFmtp
{
    private Dictionary<string, string>? _values;

    /// <summary>Initializes a new instance of the <see cref="SdpFmtp"/> class from the raw parameter text.</summary>
    public SdpFmtp(string format, string parameters)
    {
        Format = format;
        Parameters = parameters;
    }

    /// <summary>Gets the format (payload type for RTP media).</summary>
    public string Format { get; }

    /// <summary>Gets the payload type when <see cref="Format"/> is numeric.</summary>
    public int? PayloadType => SdpTokens.TryParseInt(Format, 0, 127, out var pt) ? pt : null;

    /// <summary>Gets the parameter text exactly as written.</summary>
    public string Parameters { get; }

    /// <summary>Gets the key=value parameters; keys compare case-insensitively, the first of duplicates wins, bare tokens (e.g. "0-15") are skipped.</summary>
    public IReadOnlyDictionary<string, string> Values => _values ??= ParseValues(Parameters);

    /// <summary>Builds an fmtp for <paramref name="payloadType"/> from ordered key/value pairs.</summary>
    public static SdpFmtp Create(int payloadType, IEnumerable<KeyValuePair<string, string>> values)
        => new(SdpTokens.Format(payloadType), string.Join(';', values.Select(kv => $"{kv.Key}={kv.Value}")));

    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFmtp? fmtp)
    {
        fmtp = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var format = space < 0 ? value : value[..space];
        if (!SdpTokens.IsToken(format))
        {
            return false;
        }

        fmtp = new SdpFmtp(format, space < 0 ? string.Empty : value[(space + 1)..].Trim());
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpFmtp Parse(string value)
        => TryParse(value, out var fmtp) ? fmtp : throw new FormatException($"Invalid fmtp '{value}'.");

    /// <summary>Gets a parameter or null.</summary>
    public string? Get(string key) => Values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Creates the a=fmtp attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Fmtp, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString() => Parameters.Length == 0 ? Format : $"{Format} {Parameters}";

    private static Dictionary<string, string> ParseValues(string parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values.TryAdd(part[..equals].Trim(), part[(equals + 1)..].Trim());
            }
        }

        return values;
    }
}

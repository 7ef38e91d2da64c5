using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt;... (RFC 5576 §4.2), e.g. "FID 1 2" pairing media and RTX.</summary>
/// <param name="Semantics">Grouping semantics such as FID or SIM.</param>
/// <param name="Ssrcs">The grouped sources in order.</param>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrcGroup? group)
    {
        group = null;
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length < 1 || !SdpTokens.IsToken(fields[0]))
        {
            return false;
        }

        var ssrcs = new uint[fields.Length - 1];
        for (var i = 1; i < fields.Length; i++)
        {
            if (!SdpTokens.TryParseUInt(fields[i], out ssrcs[i - 1]))
            {
                return false;
            }
        }

        group = new SdpSsrcGroup(fields[0], ssrcs);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpSsrcGroup Parse(string value)
        => TryParse(value, out var group) ? group : throw new FormatException($"Invalid ssrc-group '{value}'.");

    /// <summary>Creates the a=ssrc-group attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.SsrcGroup, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString()
        => Ssrcs.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Ssrcs.Select(s => SdpTokens.Format(s)))}";
}

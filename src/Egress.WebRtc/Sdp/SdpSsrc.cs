using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;] (RFC 5576 §4.1), e.g. "1234 cname:abc".</summary>
/// <param name="Ssrc">The synchronization source.</param>
/// <param name="Attribute">Source attribute name such as cname or msid.</param>
/// <param name="Value">Source attribute value, or null for a bare name.</param>
public sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value)
{
    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrc? ssrc)
    {
        ssrc = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpTokens.TryParseUInt(value.AsSpan(0, space), out var id))
        {
            return false;
        }

        var rest = value[(space + 1)..].TrimStart(' ');
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? rest : rest[..colon];
        if (!SdpTokens.IsToken(name))
        {
            return false;
        }

        ssrc = new SdpSsrc(id, name, colon < 0 ? null : rest[(colon + 1)..]);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpSsrc Parse(string value)
        => TryParse(value, out var ssrc) ? ssrc : throw new FormatException($"Invalid ssrc '{value}'.");

    /// <summary>Creates the a=ssrc attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Ssrc, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString()
        => Value is null ? $"{SdpTokens.Format(Ssrc)} {Attribute}" : $"{SdpTokens.Format(Ssrc)} {Attribute}:{Value}";
}

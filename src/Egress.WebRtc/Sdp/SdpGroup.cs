using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=group:&lt;semantics&gt; &lt;mid&gt;... (RFC 5888), e.g. "BUNDLE 0 1".</summary>
/// <param name="Semantics">Grouping semantics, e.g. BUNDLE or LS.</param>
/// <param name="Mids">Identification tags in order; the first of a BUNDLE group is the tagged section.</param>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    /// <summary>The BUNDLE semantics token (RFC 8843).</summary>
    public const string Bundle = "BUNDLE";

    /// <summary>Gets a value indicating whether this is a BUNDLE group.</summary>
    public bool IsBundle => string.Equals(Semantics, Bundle, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpGroup? group)
    {
        group = null;
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length < 1 || !SdpTokens.IsToken(fields[0]))
        {
            return false;
        }

        group = new SdpGroup(fields[0], fields[1..]);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpGroup Parse(string value)
        => TryParse(value, out var group) ? group : throw new FormatException($"Invalid group '{value}'.");

    /// <summary>Creates the a=group attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Group, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString() => Mids.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Mids)}";
}

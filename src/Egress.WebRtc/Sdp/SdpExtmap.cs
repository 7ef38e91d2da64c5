using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;attributes&gt;] (RFC 8285 §8).</summary>
/// <param name="Id">Extension id: 1..14 for one-byte headers, up to 255 for two-byte headers.</param>
/// <param name="Direction">Optional direction restriction, from the writer's point of view.</param>
/// <param name="Uri">The extension URI.</param>
/// <param name="ExtensionAttributes">Optional trailing text.</param>
public sealed record SdpExtmap(int Id, SdpDirection? Direction, string Uri, string? ExtensionAttributes = null)
{
    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpExtmap? extmap)
    {
        extmap = null;
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length < 2)
        {
            return false;
        }

        var idText = fields[0].AsSpan();
        SdpDirection? direction = null;
        var slash = idText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpTokens.TryParseDirection(idText[(slash + 1)..], out var parsed))
            {
                return false;
            }

            direction = parsed;
            idText = idText[..slash];
        }

        // RFC 8285 reserves 4096-4351 for offers of the two-byte form; anything else past 255 is invalid.
        if (!SdpTokens.TryParseInt(idText, 1, 4351, out var id) || id is > 255 and < 4096)
        {
            return false;
        }

        extmap = new SdpExtmap(id, direction, fields[1], fields.Length > 2 ? string.Join(' ', fields[2..]) : null);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpExtmap Parse(string value)
        => TryParse(value, out var extmap) ? extmap : throw new FormatException($"Invalid extmap '{value}'.");

    /// <summary>Creates the a=extmap attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Extmap, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString()
    {
        var id = Direction is { } direction
            ? $"{SdpTokens.Format(Id)}/{SdpTokens.FormatDirection(direction)}"
            : SdpTokens.Format(Id);
        return ExtensionAttributes is null ? $"{id} {Uri}" : $"{id} {Uri} {ExtensionAttributes}";
    }
}

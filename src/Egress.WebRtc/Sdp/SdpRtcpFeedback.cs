using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=rtcp-fb:&lt;pt|*&gt; &lt;type&gt; [&lt;parameter&gt;] (RFC 4585 §4.2), e.g. "96 nack pli".</summary>
/// <param name="PayloadType">The payload type, or null for the "*" wildcard.</param>
/// <param name="Type">Feedback type such as nack, ccm, transport-cc, goog-remb.</param>
/// <param name="Parameter">The rest of the line such as "pli" or "fir", or null.</param>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Parameter = null)
{
    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtcpFeedback? feedback)
    {
        feedback = null;
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length < 2 || !SdpTokens.IsToken(fields[1]))
        {
            return false;
        }

        int? pt = null;
        if (fields[0] != "*")
        {
            if (!SdpTokens.TryParseInt(fields[0], 0, 127, out var parsed))
            {
                return false;
            }

            pt = parsed;
        }

        feedback = new SdpRtcpFeedback(pt, fields[1], fields.Length > 2 ? string.Join(' ', fields[2..]) : null);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpRtcpFeedback Parse(string value)
        => TryParse(value, out var feedback) ? feedback : throw new FormatException($"Invalid rtcp-fb '{value}'.");

    /// <summary>Gets a value indicating whether this is the given type and parameter (case-insensitive).</summary>
    public bool Is(string type, string? parameter = null)
        => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Parameter, parameter, StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates the a=rtcp-fb attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.RtcpFeedback, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString()
    {
        var pt = PayloadType is { } value ? SdpTokens.Format(value) : "*";
        return Parameter is null ? $"{pt} {Type}" : $"{pt} {Type} {Parameter}";
    }
}

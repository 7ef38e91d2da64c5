using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=rtpmap:&lt;pt&gt; &lt;encoding&gt;/&lt;clock rate&gt;[/&lt;channels&gt;] (RFC 8866 §6.6).</summary>
/// <param name="PayloadType">Dynamic or static payload type, 0..127.</param>
/// <param name="EncodingName">Codec name as written; compare case-insensitively.</param>
/// <param name="ClockRate">RTP clock rate in Hz.</param>
/// <param name="Channels">Audio channel count, null when omitted (meaning 1).</param>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length != 2 || !SdpTokens.TryParseInt(fields[0], 0, 127, out var pt))
        {
            return false;
        }

        var parts = fields[1].Split('/');
        if (parts.Length is < 2 or > 3
            || !SdpTokens.IsToken(parts[0])
            || !SdpTokens.TryParseInt(parts[1], 1, int.MaxValue, out var clockRate))
        {
            return false;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpTokens.TryParseInt(parts[2], 1, 255, out var count))
            {
                return false;
            }

            channels = count;
        }

        rtpMap = new SdpRtpMap(pt, parts[0], clockRate, channels);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpRtpMap Parse(string value)
        => TryParse(value, out var rtpMap) ? rtpMap : throw new FormatException($"Invalid rtpmap '{value}'.");

    /// <summary>Gets a value indicating whether this maps <paramref name="encodingName"/> at <paramref name="clockRate"/>.</summary>
    public bool Is(string encodingName, int clockRate)
        => ClockRate == clockRate && string.Equals(EncodingName, encodingName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates the a=rtpmap attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.RtpMap, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString() => Channels is null
        ? $"{SdpTokens.Format(PayloadType)} {EncodingName}/{SdpTokens.Format(ClockRate)}"
        : $"{SdpTokens.Format(PayloadType)} {EncodingName}/{SdpTokens.Format(ClockRate)}/{SdpTokens.Format(Channels.Value)}";
}

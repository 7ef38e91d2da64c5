using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>a=msid:&lt;stream id&gt; [&lt;track id&gt;] (RFC 8830 §2); "-" as stream id means no stream.</summary>
/// <param name="StreamId">The MediaStream id.</param>
/// <param name="TrackId">The track id (appdata), or null.</param>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpMsid? msid)
    {
        msid = null;
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length is < 1 or > 2)
        {
            return false;
        }

        msid = new SdpMsid(fields[0], fields.Length == 2 ? fields[1] : null);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpMsid Parse(string value)
        => TryParse(value, out var msid) ? msid : throw new FormatException($"Invalid msid '{value}'.");

    /// <summary>Creates the a=msid attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Msid, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";
}

using System.Globalization;

namespace Egress.WebRtc.Sdp;

/// <summary>Lexical helpers shared by the parser and the typed attribute classes.</summary>
internal static class SdpTokens
{
    private const string TokenPunctuation = "!#$%&'*+-.^_`{|}~";

    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !TokenPunctuation.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits on single or repeated spaces; SDP fields are space separated.</summary>
    public static string[] Fields(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static bool TryParseInt(ReadOnlySpan<char> text, int min, int max, out int value)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    public static bool TryParseUInt(ReadOnlySpan<char> text, out uint value)
        => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseULong(ReadOnlySpan<char> text, out ulong value)
        => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseDirection(ReadOnlySpan<char> text, out SdpDirection direction)
    {
        direction = text switch
        {
            SdpAttributeNames.SendRecv => SdpDirection.SendRecv,
            SdpAttributeNames.SendOnly => SdpDirection.SendOnly,
            SdpAttributeNames.RecvOnly => SdpDirection.RecvOnly,
            SdpAttributeNames.Inactive => SdpDirection.Inactive,
            _ => (SdpDirection)(-1),
        };
        return Enum.IsDefined(direction);
    }

    public static string FormatDirection(SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => SdpAttributeNames.SendRecv,
        SdpDirection.SendOnly => SdpAttributeNames.SendOnly,
        SdpDirection.RecvOnly => SdpAttributeNames.RecvOnly,
        SdpDirection.Inactive => SdpAttributeNames.Inactive,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// <summary>The direction the other side must use to complement <paramref name="direction"/>.</summary>
    public static SdpDirection Reverse(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => direction,
    };

    public static bool TryParseSetup(ReadOnlySpan<char> text, out SdpSetupRole role)
    {
        role = text switch
        {
            "actpass" => SdpSetupRole.ActPass,
            "active" => SdpSetupRole.Active,
            "passive" => SdpSetupRole.Passive,
            "holdconn" => SdpSetupRole.HoldConn,
            _ => (SdpSetupRole)(-1),
        };
        return Enum.IsDefined(role);
    }

    public static string FormatSetup(SdpSetupRole role) => role switch
    {
        SdpSetupRole.ActPass => "actpass",
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Shortens a line for an error message so a huge junk line does not flood logs.</summary>
    public static string Excerpt(string line) => line.Length <= 60 ? line : string.Concat(line.AsSpan(0, 57), "...");
}

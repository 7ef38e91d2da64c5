using System.Globalization;

namespace Egress.WebRtc.Sdp;

/// <summary>Parsers for the fixed-layout SDP lines (o=, c=, b=, t=, m=).</summary>
internal static class SdpFieldParser
{
    public static SdpOrigin Origin(string value, int line)
    {
        var f = SdpTokens.Fields(value);
        if (f.Length != 6)
        {
            throw new SdpParseException(line, "o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
        }

        return new SdpOrigin(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    public static SdpConnection Connection(string value, int line)
    {
        var f = SdpTokens.Fields(value);
        if (f.Length != 3)
        {
            throw new SdpParseException(line, "c= needs <nettype> <addrtype> <address>");
        }

        return new SdpConnection(f[0], f[1], f[2]);
    }

    public static SdpBandwidth Bandwidth(string value, int line)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !SdpTokens.IsToken(value.AsSpan(0, colon))
            || !long.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            throw new SdpParseException(line, "b= needs <type>:<number>");
        }

        return new SdpBandwidth(value[..colon], amount);
    }

    public static SdpTiming Timing(string value, int line)
    {
        var f = SdpTokens.Fields(value);
        if (f.Length != 2 || !SdpTokens.TryParseULong(f[0], out var start) || !SdpTokens.TryParseULong(f[1], out var stop))
        {
            throw new SdpParseException(line, "t= needs <start-time> <stop-time>");
        }

        return new SdpTiming(start, stop);
    }

    public static SdpMediaDescription Media(string value, int line)
    {
        var f = SdpTokens.Fields(value);
        if (f.Length < 4 || !SdpTokens.IsToken(f[0]))
        {
            throw new SdpParseException(line, "m= needs <media> <port> <proto> <fmt> ...");
        }

        var portText = f[1].AsSpan();
        int? count = null;
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpTokens.TryParseInt(portText[(slash + 1)..], 1, 65535, out var parsedCount))
            {
                throw new SdpParseException(line, $"invalid port count in '{SdpTokens.Excerpt(f[1])}'");
            }

            count = parsedCount;
            portText = portText[..slash];
        }

        if (!SdpTokens.TryParseInt(portText, 0, 65535, out var port))
        {
            throw new SdpParseException(line, $"invalid port '{SdpTokens.Excerpt(f[1])}'");
        }

        return new SdpMediaDescription(f[0], port, f[2], f[3..]) { PortCount = count };
    }
}

using System.Text;

namespace Egress.WebRtc.Sdp;

/// <summary>Serialises a session description in RFC 8866 field order with CRLF line endings.</summary>
internal static class SdpWriter
{
    public static string Write(SdpSessionDescription session)
    {
        var text = new StringBuilder(4096);
        Line(text, 'v', SdpTokens.Format(session.Version));
        Line(text, 'o', session.Origin.ToString());
        Line(text, 's', session.SessionName);
        Optional(text, 'i', session.Information);
        Optional(text, 'u', session.Uri);
        session.Emails.ForEach(e => Line(text, 'e', e));
        session.Phones.ForEach(p => Line(text, 'p', p));
        Optional(text, 'c', session.Connection?.ToString());
        session.Bandwidths.ForEach(b => Line(text, 'b', b.ToString()));
        if (session.Timings.Count == 0)
        {
            // t= is mandatory; WebRTC sessions are unbounded.
            Line(text, 't', "0 0");
        }

        foreach (var timing in session.Timings)
        {
            Line(text, 't', timing.ToString());
            timing.Repeats.ForEach(r => Line(text, 'r', r));
        }

        Optional(text, 'z', session.TimeZones);
        Optional(text, 'k', session.EncryptionKey);
        Attributes(text, session.Attributes);
        session.Media.ForEach(m => WriteMedia(text, m));
        return text.ToString();
    }

    private static void WriteMedia(StringBuilder text, SdpMediaDescription media)
    {
        var port = media.PortCount is { } count
            ? $"{SdpTokens.Format(media.Port)}/{SdpTokens.Format(count)}"
            : SdpTokens.Format(media.Port);
        Line(text, 'm', $"{media.Media} {port} {media.Protocol} {string.Join(' ', media.Formats)}");
        Optional(text, 'i', media.Information);
        media.Connections.ForEach(c => Line(text, 'c', c.ToString()));
        media.Bandwidths.ForEach(b => Line(text, 'b', b.ToString()));
        Optional(text, 'k', media.EncryptionKey);
        Attributes(text, media.Attributes);
    }

    private static void Attributes(StringBuilder text, SdpAttributeList attributes)
    {
        foreach (var attribute in attributes)
        {
            Line(text, 'a', attribute.ToString());
        }
    }

    private static void Optional(StringBuilder text, char type, string? value)
    {
        if (value is not null)
        {
            Line(text, type, value);
        }
    }

    private static void Line(StringBuilder text, char type, string value)
        => text.Append(type).Append('=').Append(value).Append("\r\n");
}

namespace Egress.WebRtc.Sdp;

/// <summary>Line-oriented RFC 8866 parser; every failure is an <see cref="SdpParseException"/> with a line number.</summary>
internal sealed class SdpParser
{
    private readonly SdpSessionDescription _session = new();
    private SdpMediaDescription? _media;
    private int _line;
    private int _lastContentLine = 1;
    private bool _sawVersion;
    private bool _sawOrigin;
    private bool _sawSessionName;

    public static SdpSessionDescription Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new SdpParser();
        foreach (var raw in text.Split('\n'))
        {
            parser._line++;
            parser.ParseLine(raw.EndsWith('\r') ? raw[..^1] : raw);
        }

        return parser.Finish();
    }

    private SdpSessionDescription Finish()
    {
        // A missing mandatory line is reported at the end of the content, where the reader stops looking.
        _line = _lastContentLine;
        if (!_sawVersion)
        {
            throw Error("empty session description");
        }

        if (!_sawOrigin)
        {
            throw Error("missing o= line");
        }

        if (!_sawSessionName)
        {
            throw Error("missing s= line");
        }

        return _session;
    }

    private void ParseLine(string line)
    {
        // Blank lines are not valid SDP, but trailing ones are common and harmless.
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _lastContentLine = _line;
        if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
        {
            throw Error($"expected '<letter>=<value>' but found '{SdpTokens.Excerpt(line)}'");
        }

        if (line.AsSpan().ContainsAny('\0', '\r'))
        {
            throw Error("control character inside a line");
        }

        var type = line[0];
        var value = line[2..];
        if (!_sawVersion)
        {
            if (type != 'v' || value != "0")
            {
                throw Error("a session description must start with 'v=0'");
            }

            _sawVersion = true;
            return;
        }

        if (_media is null)
        {
            ParseSessionLine(type, value);
        }
        else
        {
            ParseMediaLine(_media, type, value);
        }
    }

    private void ParseSessionLine(char type, string value)
    {
        switch (type)
        {
            case 'o' when !_sawOrigin:
                _session.Origin = SdpFieldParser.Origin(value, _line);
                _sawOrigin = true;
                break;
            case 's' when !_sawSessionName:
                _session.SessionName = value;
                _sawSessionName = true;
                break;
            case 'i':
                _session.Information = value;
                break;
            case 'u':
                _session.Uri = value;
                break;
            case 'e':
                _session.Emails.Add(value);
                break;
            case 'p':
                _session.Phones.Add(value);
                break;
            case 'c' when _session.Connection is null:
                _session.Connection = SdpFieldParser.Connection(value, _line);
                break;
            case 'b':
                _session.Bandwidths.Add(SdpFieldParser.Bandwidth(value, _line));
                break;
            case 't':
                _session.Timings.Add(SdpFieldParser.Timing(value, _line));
                break;
            case 'r' when _session.Timings.Count > 0:
                _session.Timings[^1].Repeats.Add(value);
                break;
            case 'z':
                _session.TimeZones = value;
                break;
            case 'k':
                _session.EncryptionKey = value;
                break;
            case 'a':
                _session.Attributes.Add(ParseAttribute(value));
                break;
            case 'm':
                _media = SdpFieldParser.Media(value, _line);
                _session.Media.Add(_media);
                break;
            case 'v' or 'o' or 's' or 'c' or 'r':
                throw Error($"unexpected or repeated '{type}=' line");
            default:
                throw Error($"unknown line type '{type}='");
        }
    }

    private void ParseMediaLine(SdpMediaDescription media, char type, string value)
    {
        switch (type)
        {
            case 'i':
                media.Information = value;
                break;
            case 'c':
                media.Connections.Add(SdpFieldParser.Connection(value, _line));
                break;
            case 'b':
                media.Bandwidths.Add(SdpFieldParser.Bandwidth(value, _line));
                break;
            case 'k':
                media.EncryptionKey = value;
                break;
            case 'a':
                media.Attributes.Add(ParseAttribute(value));
                break;
            case 'm':
                _media = SdpFieldParser.Media(value, _line);
                _session.Media.Add(_media);
                break;
            case 'v' or 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                throw Error($"session-level '{type}=' line inside a media section");
            default:
                throw Error($"unknown line type '{type}='");
        }
    }

    private SdpAttribute ParseAttribute(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        if (!SdpTokens.IsToken(name))
        {
            throw Error($"invalid attribute name '{SdpTokens.Excerpt(name)}'");
        }

        var value = colon < 0 ? null : text[(colon + 1)..];
        if (!SdpAttributeValidator.IsValid(name, value))
        {
            throw Error($"malformed a={name} value '{SdpTokens.Excerpt(value ?? string.Empty)}'");
        }

        return new SdpAttribute(name, value);
    }

    private SdpParseException Error(string reason) => new(Math.Max(_line, 1), reason);
}

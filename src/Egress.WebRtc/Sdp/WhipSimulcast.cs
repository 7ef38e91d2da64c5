namespace Egress.WebRtc.Sdp;

/// <summary>The send half of an offer's a=simulcast (RFC 8853), kept to rids the offer declares with a=rid:&lt;id&gt; send (RFC 8851).</summary>
/// <param name="Streams">The simulcast streams in order, each a list of alternative rids as written ('~' marks a paused one).</param>
internal sealed record WhipSimulcast(IReadOnlyList<IReadOnlyList<string>> Streams)
{
    /// <summary>Gets the rids in order, alternatives flattened, without the paused marker.</summary>
    public IReadOnlyList<string> Rids => [.. Streams.SelectMany(s => s).Select(id => id.TrimStart('~'))];

    /// <summary>Reads the offer's simulcast send description, or null when there is none usable.</summary>
    /// <remarks>
    /// Malformed values are ignored rather than refused: an answer without a=simulcast makes the publisher fall back
    /// to a single encoding (RFC 8853 §5.3), which still works.
    /// </remarks>
    public static WhipSimulcast? Read(SdpMediaDescription media)
    {
        var sendRids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in media.Attributes.GetValues(SdpAttributeNames.Rid))
        {
            var fields = SdpTokens.Fields(value);
            if (fields.Length >= 2 && fields[1] == "send" && IsRidId(fields[0]))
            {
                sendRids.Add(fields[0]);
            }
        }

        var list = SendList(media.Attributes.GetValue(SdpAttributeNames.Simulcast));
        if (list is null || sendRids.Count == 0)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var streams = new List<IReadOnlyList<string>>();
        foreach (var stream in list.Split(';'))
        {
            var alternatives = new List<string>();
            foreach (var id in stream.Split(','))
            {
                var rid = id.StartsWith('~') ? id[1..] : id;
                if (!IsRidId(rid))
                {
                    return null;
                }

                // RFC 8853 §5.2: every rid in a=simulcast needs its a=rid line; one without is dropped, not guessed at.
                if (sendRids.Contains(rid) && seen.Add(rid))
                {
                    alternatives.Add(id);
                }
            }

            if (alternatives.Count > 0)
            {
                streams.Add(alternatives);
            }
        }

        return streams.Count == 0 ? null : new WhipSimulcast(streams);
    }

    /// <summary>The answer's a=rid:&lt;id&gt; recv lines, in simulcast order, then a=simulcast:recv with the same streams.</summary>
    public IEnumerable<SdpAttribute> ToAnswerAttributes()
    {
        foreach (var rid in Rids)
        {
            yield return new SdpAttribute(SdpAttributeNames.Rid, $"{rid} recv");
        }

        yield return new SdpAttribute(SdpAttributeNames.Simulcast, "recv " + string.Join(';', Streams.Select(s => string.Join(',', s))));
    }

    private static string? SendList(string? value)
    {
        // sc-value = (sc-send [SP sc-recv]) / (sc-recv [SP sc-send]); we only care about what the offerer sends.
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length is not (2 or 4))
        {
            return null;
        }

        for (var i = 0; i < fields.Length; i += 2)
        {
            if (fields[i] == "send")
            {
                return fields[i + 1];
            }
        }

        return null;
    }

    private static bool IsRidId(string id)
        => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace Egress.WebRtc.Sdp;

/// <summary>An ICE candidate (RFC 8839 §5.1): the value of a=candidate, also used for trickle fragments.</summary>
public sealed record SdpCandidate
{
    /// <summary>RFC 8445 §5.1.2.2 recommended type preference for host candidates.</summary>
    public const int HostTypePreference = 126;

    /// <summary>Gets the foundation (1..32 ice-chars).</summary>
    public required string Foundation { get; init; }

    /// <summary>Gets the component id; 1 (RTP) whenever rtcp-mux is in use.</summary>
    public int Component { get; init; } = 1;

    /// <summary>Gets the transport, "udp" for everything this server offers.</summary>
    public string Transport { get; init; } = "udp";

    /// <summary>Gets the candidate priority.</summary>
    public required uint Priority { get; init; }

    /// <summary>Gets the connection address: an IP literal or an FQDN such as an mDNS ".local" name.</summary>
    public required string Address { get; init; }

    /// <summary>Gets the port.</summary>
    public required int Port { get; init; }

    /// <summary>Gets the type: host, srflx, prflx or relay.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the raddr value, if any.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary>Gets the rport value, if any.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>Gets trailing name/value extensions in order (generation, ufrag, network-id, tcptype, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    /// <summary>Computes a candidate priority (RFC 8445 §5.1.2.1).</summary>
    public static uint ComputePriority(int typePreference, int localPreference, int componentId)
        => (uint)((typePreference << 24) + (localPreference << 8) + (256 - componentId));

    /// <summary>Creates a UDP host candidate for a server socket.</summary>
    public static SdpCandidate CreateHost(string foundation, IPAddress address, int port, int localPreference = 65535)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new SdpCandidate
        {
            Foundation = foundation,
            Priority = ComputePriority(HostTypePreference, localPreference, 1),
            Address = address.ToString(),
            Port = port,
            Type = "host",
        };
    }

    /// <summary>Parses a candidate value, with or without the leading "candidate:".</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpCandidate? candidate)
    {
        candidate = null;
        if (value is null)
        {
            return false;
        }

        if (value.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["candidate:".Length..];
        }

        var f = SdpTokens.Fields(value);
        if (f.Length < 8 || (f.Length & 1) != 0
            || f[0].Length > 32 || !SdpTokens.IsToken(f[0])
            || !SdpTokens.TryParseInt(f[1], 1, 256, out var component)
            || !SdpTokens.IsToken(f[2])
            || !SdpTokens.TryParseUInt(f[3], out var priority)
            || !SdpTokens.TryParseInt(f[5], 0, 65535, out var port)
            || f[6] != "typ" || !SdpTokens.IsToken(f[7]))
        {
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (var i = 8; i < f.Length; i += 2)
        {
            switch (f[i])
            {
                case "raddr":
                    relatedAddress = f[i + 1];
                    break;
                case "rport" when SdpTokens.TryParseInt(f[i + 1], 0, 65535, out var rport):
                    relatedPort = rport;
                    break;
                case "rport":
                    return false;
                default:
                    extensions.Add(new(f[i], f[i + 1]));
                    break;
            }
        }

        candidate = new SdpCandidate
        {
            Foundation = f[0],
            Component = component,
            Transport = f[2],
            Priority = priority,
            Address = f[4],
            Port = port,
            Type = f[7],
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            Extensions = extensions,
        };
        return true;
    }

    /// <summary>Parses a candidate or throws <see cref="FormatException"/>.</summary>
    public static SdpCandidate Parse(string value)
        => TryParse(value, out var candidate) ? candidate : throw new FormatException($"Invalid candidate '{value}'.");

    /// <summary>Creates the a=candidate attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Candidate, ToString());

    /// <summary>Formats the attribute value (without "candidate:").</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append(Foundation).Append(' ')
            .Append(SdpTokens.Format(Component)).Append(' ')
            .Append(Transport).Append(' ')
            .Append(SdpTokens.Format(Priority)).Append(' ')
            .Append(Address).Append(' ')
            .Append(SdpTokens.Format(Port)).Append(" typ ")
            .Append(Type);
        if (RelatedAddress is not null)
        {
            text.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } rport)
        {
            text.Append(" rport ").Append(SdpTokens.Format(rport));
        }

        foreach (var (name, value) in Extensions)
        {
            text.Append(' ').Append(name).Append(' ').Append(value);
        }

        return text.ToString();
    }
}

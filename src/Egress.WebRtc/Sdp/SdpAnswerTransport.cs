using System.Net;
using System.Net.Sockets;

namespace Egress.WebRtc.Sdp;

/// <summary>Writes our transport into answer m= sections (default address, ICE credentials, fingerprint, DTLS role, candidates); shared by the WHEP and WHIP answers.</summary>
internal static class SdpAnswerTransport
{
    /// <summary>Puts the first candidate's address on the m=/c= lines.</summary>
    public static void UseDefaultAddress(SdpMediaDescription section, IReadOnlyList<SdpCandidate> candidates)
    {
        var (address, port) = DefaultAddress(candidates[0]);
        section.Port = port;
        section.Connections.Add(address);
    }

    /// <summary>Adds ice-ufrag, ice-pwd, fingerprint, setup:passive and the mid.</summary>
    public static void AddTransportAttributes(SdpMediaDescription section, string? mid, string iceUfrag, string icePwd, SdpFingerprint fingerprint)
    {
        var a = section.Attributes;
        a.Add(SdpAttributeNames.IceUfrag, iceUfrag);
        a.Add(SdpAttributeNames.IcePwd, icePwd);
        a.Add(fingerprint.ToAttribute());
        a.Add(SdpAttributeNames.Setup, SdpTokens.FormatSetup(SdpSetupRole.Passive));
        if (mid is not null)
        {
            a.Add(SdpAttributeNames.Mid, mid);
        }
    }

    /// <summary>Adds every candidate and a=end-of-candidates.</summary>
    public static void AddCandidates(SdpMediaDescription section, IReadOnlyList<SdpCandidate> candidates)
    {
        foreach (var candidate in candidates)
        {
            section.Attributes.Add(candidate.ToAttribute());
        }

        // A lite agent has all its candidates up front; saying so spares the browser waiting for trickle.
        section.Attributes.Add(SdpAttributeNames.EndOfCandidates);
    }

    private static (SdpConnection Address, int Port) DefaultAddress(SdpCandidate candidate)
    {
        // JSEP §5.3.1: with candidates known, m=/c= carry the default candidate rather than the 9/0.0.0.0 placeholder.
        if (!IPAddress.TryParse(candidate.Address, out var ip))
        {
            return (new SdpConnection("IN", "IP4", "0.0.0.0"), 9);
        }

        var family = ip.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        return (new SdpConnection("IN", family, candidate.Address), candidate.Port);
    }

    /// <summary>The offer's rtx format repairing <paramref name="payloadType"/> (fmtp <c>apt=</c>), if any.</summary>
    public static SdpRtpMap? OfferedRtx(SdpMediaDescription offer, int payloadType) =>
        offer.Attributes.GetRtpMaps().FirstOrDefault(map =>
            map.EncodingName.Equals("rtx", StringComparison.OrdinalIgnoreCase)
            && offer.Attributes.GetFmtp(map.PayloadType)?.Get("apt") == payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The id an answer's negotiated extension list gives <paramref name="uri"/>, if it is in it.</summary>
    public static int? ExtensionId(List<SdpExtmap> extensions, string uri)
        => extensions.FirstOrDefault(e => e.Uri == uri)?.Id;
}

using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Egress.WebRtc.Sdp;

/// <summary>The ordered a= lines of a session or media section, with typed accessors for the attributes WebRTC uses.</summary>
public sealed class SdpAttributeList : Collection<SdpAttribute>
{
    /// <summary>Gets the first a=mid value.</summary>
    public string? Mid => GetValue(SdpAttributeNames.Mid);

    /// <summary>Gets the first a=ice-ufrag value.</summary>
    public string? IceUfrag => GetValue(SdpAttributeNames.IceUfrag);

    /// <summary>Gets the first a=ice-pwd value.</summary>
    public string? IcePwd => GetValue(SdpAttributeNames.IcePwd);

    /// <summary>Gets a value indicating whether a=ice-lite is present.</summary>
    public bool IceLite => Has(SdpAttributeNames.IceLite);

    /// <summary>Gets a value indicating whether a=rtcp-mux is present.</summary>
    public bool RtcpMux => Has(SdpAttributeNames.RtcpMux);

    /// <summary>Gets a value indicating whether a=rtcp-rsize is present.</summary>
    public bool RtcpRsize => Has(SdpAttributeNames.RtcpRsize);

    /// <summary>Gets a value indicating whether a=end-of-candidates is present.</summary>
    public bool EndOfCandidates => Has(SdpAttributeNames.EndOfCandidates);

    /// <summary>Gets a value indicating whether a=bundle-only is present.</summary>
    public bool BundleOnly => Has(SdpAttributeNames.BundleOnly);

    /// <summary>Gets the a=setup role, or null when absent or unrecognised.</summary>
    public SdpSetupRole? Setup
        => GetValue(SdpAttributeNames.Setup) is { } value && SdpTokens.TryParseSetup(value.Trim(), out var role) ? role : null;

    /// <summary>Gets the last direction attribute, or null when none is present.</summary>
    public SdpDirection? Direction
    {
        get
        {
            SdpDirection? direction = null;
            foreach (var attribute in this)
            {
                if (attribute.Value is null && SdpTokens.TryParseDirection(attribute.Name, out var parsed))
                {
                    direction = parsed;
                }
            }

            return direction;
        }
    }

    /// <summary>Appends an attribute.</summary>
    public void Add(string name, string? value = null) => Add(new SdpAttribute(name, value));

    /// <summary>Gets a value indicating whether an attribute with this name is present.</summary>
    public bool Has(string name) => this.Any(a => NameIs(a, name));

    /// <summary>Gets the value of the first attribute with this name.</summary>
    public string? GetValue(string name) => this.FirstOrDefault(a => NameIs(a, name))?.Value;

    /// <summary>Gets the values of all attributes with this name, in order.</summary>
    public IEnumerable<string> GetValues(string name) => this.Where(a => NameIs(a, name) && a.Value is not null).Select(a => a.Value!);

    /// <summary>Gets every a=rtpmap.</summary>
    public IEnumerable<SdpRtpMap> GetRtpMaps() => Typed<SdpRtpMap>(SdpAttributeNames.RtpMap, SdpRtpMap.TryParse);

    /// <summary>Gets the a=rtpmap for a payload type.</summary>
    public SdpRtpMap? GetRtpMap(int payloadType) => GetRtpMaps().FirstOrDefault(r => r.PayloadType == payloadType);

    /// <summary>Gets every a=fmtp.</summary>
    public IEnumerable<SdpFmtp> GetFmtps() => Typed<SdpFmtp>(SdpAttributeNames.Fmtp, SdpFmtp.TryParse);

    /// <summary>Gets the a=fmtp for a payload type.</summary>
    public SdpFmtp? GetFmtp(int payloadType) => GetFmtps().FirstOrDefault(f => f.PayloadType == payloadType);

    /// <summary>Gets every a=rtcp-fb.</summary>
    public IEnumerable<SdpRtcpFeedback> GetRtcpFeedbacks() => Typed<SdpRtcpFeedback>(SdpAttributeNames.RtcpFeedback, SdpRtcpFeedback.TryParse);

    /// <summary>Gets the a=rtcp-fb lines that apply to a payload type, wildcard lines included.</summary>
    public IEnumerable<SdpRtcpFeedback> GetRtcpFeedbacks(int payloadType)
        => GetRtcpFeedbacks().Where(f => f.PayloadType is null || f.PayloadType == payloadType);

    /// <summary>Gets every a=extmap.</summary>
    public IEnumerable<SdpExtmap> GetExtmaps() => Typed<SdpExtmap>(SdpAttributeNames.Extmap, SdpExtmap.TryParse);

    /// <summary>Gets every a=ssrc.</summary>
    public IEnumerable<SdpSsrc> GetSsrcs() => Typed<SdpSsrc>(SdpAttributeNames.Ssrc, SdpSsrc.TryParse);

    /// <summary>Gets every a=ssrc-group.</summary>
    public IEnumerable<SdpSsrcGroup> GetSsrcGroups() => Typed<SdpSsrcGroup>(SdpAttributeNames.SsrcGroup, SdpSsrcGroup.TryParse);

    /// <summary>Gets every a=msid.</summary>
    public IEnumerable<SdpMsid> GetMsids() => Typed<SdpMsid>(SdpAttributeNames.Msid, SdpMsid.TryParse);

    /// <summary>Gets every a=group.</summary>
    public IEnumerable<SdpGroup> GetGroups() => Typed<SdpGroup>(SdpAttributeNames.Group, SdpGroup.TryParse);

    /// <summary>Gets every a=fingerprint.</summary>
    public IEnumerable<SdpFingerprint> GetFingerprints() => Typed<SdpFingerprint>(SdpAttributeNames.Fingerprint, SdpFingerprint.TryParse);

    /// <summary>Gets every a=candidate.</summary>
    public IEnumerable<SdpCandidate> GetCandidates() => Typed<SdpCandidate>(SdpAttributeNames.Candidate, SdpCandidate.TryParse);

    /// <summary>Gets the a=ice-options tokens.</summary>
    public IEnumerable<string> GetIceOptions() => GetValues(SdpAttributeNames.IceOptions).SelectMany(SdpTokens.Fields);

    private static bool NameIs(SdpAttribute attribute, string name) => string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase);

    private IEnumerable<T> Typed<T>(string name, TryParser<T> parse)
        where T : class
    {
        foreach (var value in GetValues(name))
        {
            if (parse(value, out var parsed))
            {
                yield return parsed;
            }
        }
    }

    private delegate bool TryParser<T>(string? value, [NotNullWhen(true)] out T? parsed)
        where T : class;
}

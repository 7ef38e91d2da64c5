namespace Egress.WebRtc.Sdp;

/// <summary>Checks well-known attribute values at parse time so that errors carry a line number instead of surfacing later.</summary>
internal static class SdpAttributeValidator
{
    public static bool IsValid(string name, string? value) => name.ToLowerInvariant() switch
    {
        SdpAttributeNames.RtpMap => SdpRtpMap.TryParse(value, out _),
        SdpAttributeNames.Fmtp => SdpFmtp.TryParse(value, out _),
        SdpAttributeNames.RtcpFeedback => SdpRtcpFeedback.TryParse(value, out _),
        SdpAttributeNames.Extmap => SdpExtmap.TryParse(value, out _),
        SdpAttributeNames.Ssrc => SdpSsrc.TryParse(value, out _),
        SdpAttributeNames.SsrcGroup => SdpSsrcGroup.TryParse(value, out _),
        SdpAttributeNames.Msid => SdpMsid.TryParse(value, out _),
        SdpAttributeNames.Group => SdpGroup.TryParse(value, out _),
        SdpAttributeNames.Fingerprint => SdpFingerprint.TryParse(value, out _),
        SdpAttributeNames.Candidate => SdpCandidate.TryParse(value, out _),
        SdpAttributeNames.Setup => value is not null && SdpTokens.TryParseSetup(value.Trim(), out _),
        SdpAttributeNames.Mid or SdpAttributeNames.IceUfrag or SdpAttributeNames.IcePwd => !string.IsNullOrWhiteSpace(value),
        _ => true,
    };
}

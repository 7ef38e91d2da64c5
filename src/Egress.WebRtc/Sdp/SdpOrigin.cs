namespace Egress.WebRtc.Sdp;

/// <summary>The o= line (RFC 8866 §5.2).</summary>
/// <param name="Username">Usually "-".</param>
/// <param name="SessionId">Numeric session id, kept as text because browsers use the full 63-bit range.</param>
/// <param name="SessionVersion">Numeric version, kept as text.</param>
/// <param name="NetworkType">"IN".</param>
/// <param name="AddressType">"IP4" or "IP6".</param>
/// <param name="UnicastAddress">Address or placeholder such as 127.0.0.1.</param>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string UnicastAddress)
{
    /// <summary>Formats the value after "o=".</summary>
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {UnicastAddress}";
}

namespace Egress.WebRtc.Sdp;

/// <summary>The c= line (RFC 8866 §5.7).</summary>
/// <param name="NetworkType">"IN".</param>
/// <param name="AddressType">"IP4" or "IP6".</param>
/// <param name="Address">The address, including any /ttl suffix as written.</param>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>Formats the value after "c=".</summary>
    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}

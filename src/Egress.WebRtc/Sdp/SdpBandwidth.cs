namespace Egress.WebRtc.Sdp;

/// <summary>A b= line (RFC 8866 §5.8), e.g. AS:2000 or TIAS:2000000.</summary>
/// <param name="Type">The bandwidth type.</param>
/// <param name="Value">The value in the type's unit.</param>
public sealed record SdpBandwidth(string Type, long Value)
{
    /// <summary>Formats the value after "b=".</summary>
    public override string ToString() => $"{Type}:{SdpTokens.Format(Value)}";
}

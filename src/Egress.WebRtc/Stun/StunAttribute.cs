namespace Egress.WebRtc.Stun;

/// <summary>One STUN attribute as found on the wire: type, value (without padding) and header offset.</summary>
public readonly ref struct StunAttribute
{
    internal StunAttribute(StunAttributeType type, int offset, ReadOnlySpan<byte> value)
    {
        Type = type;
        Offset = offset;
        Value = value;
    }

    /// <summary>Gets the attribute type.</summary>
    public StunAttributeType Type { get; }

    /// <summary>Gets the offset of the attribute header within the message.</summary>
    public int Offset { get; }

    /// <summary>Gets the attribute value, padding excluded.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

namespace Egress.WebRtc.Sdp;

/// <summary>One a= line: a name and, for value attributes, the raw text after the first ':'.</summary>
/// <param name="Name">The attribute name, e.g. "rtpmap".</param>
/// <param name="Value">The value as written (kept verbatim for exact round trips), or null for flag attributes.</param>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>Formats the attribute as it appears after "a=".</summary>
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}

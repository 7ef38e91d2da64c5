namespace Ingest.Rtmp.Amf;

/// <summary>The AMF "undefined" value, kept distinct from null because clients send both for optional command arguments.</summary>
public sealed class AmfUndefined
{
    private AmfUndefined()
    {
    }

    /// <summary>The single instance; compare with <c>is</c> or reference equality.</summary>
    public static AmfUndefined Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "undefined";
}

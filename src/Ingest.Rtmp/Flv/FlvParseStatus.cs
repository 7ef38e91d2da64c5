namespace Ingest.Rtmp.Flv;

/// <summary>Outcome of parsing an FLV tag body or codec configuration record.</summary>
public enum FlvParseStatus : byte
{
    /// <summary>Parsed and supported; the payload can be forwarded.</summary>
    Ok,

    /// <summary>Well-formed but carries nothing to forward (command frame, silence, metadata); drop it and keep the connection.</summary>
    Ignored,

    /// <summary>Well-formed but uses a codec or feature this server does not handle.</summary>
    Unsupported,

    /// <summary>Truncated or violates the specification.</summary>
    Malformed,
}

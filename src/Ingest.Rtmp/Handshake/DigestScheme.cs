namespace Ingest.Rtmp.Handshake;

/// <summary>Where a digest-handshake packet places its 764-byte digest block.</summary>
internal enum DigestScheme
{
    /// <summary>Scheme 0: digest block at bytes 8..771, key block after it.</summary>
    DigestFirst = 0,

    /// <summary>Scheme 1: key block at bytes 8..771, digest block at 772..1535.</summary>
    KeyFirst = 1,
}

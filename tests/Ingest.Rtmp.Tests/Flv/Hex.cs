namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Test shorthand for byte vectors written as hex with optional spaces.</summary>
public static class Hex
{
    /// <summary>Parses "17 01 00" style hex.</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Concatenates byte vectors.</summary>
    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}

namespace Egress.WebRtc.Tests.Srtp;

/// <summary>Hex helpers that accept the RFCs' space-separated notation.</summary>
internal static class Hex
{
    public static byte[] Parse(string text) => Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}

using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

public sealed partial class DtlsFingerprintTests
{
    private static readonly byte[] Der = [0x30, 0x03, 0x02, 0x01, 0x01];

    [Fact]
    public void ToString_IsSdpForm_UpperCaseHexPairsSeparatedByColons()
    {
        var text = DtlsFingerprint.Compute("sha-256", Der).ToString();

        Assert.Matches(BrowserSha256(), text);
        Assert.Equal("sha-256 " + string.Join(':', SHA256.HashData(Der).Select(b => b.ToString("X2"))), text);
    }

    [Fact]
    public void Parse_RoundTrips()
    {
        var original = DtlsFingerprint.Compute("sha-256", Der);

        var parsed = DtlsFingerprint.Parse(original.ToString());

        Assert.Equal(original, parsed);
        Assert.Equal(original.ToString(), parsed.ToString());
    }

    [Fact]
    public void Parse_IsLenientAboutCaseAndSurroundingWhitespace()
    {
        var upper = DtlsFingerprint.Compute("sha-256", Der).ToString();
        var lower = "  SHA-256 " + upper["sha-256 ".Length..].ToLowerInvariant() + "\r\n";

        var parsed = DtlsFingerprint.Parse(lower);

        Assert.Equal("sha-256", parsed.HashFunction);
        Assert.True(parsed.Matches(Der));
    }

    [Theory]
    [InlineData("sha-1", 20)]
    [InlineData("sha-256", 32)]
    [InlineData("sha-384", 48)]
    [InlineData("sha-512", 64)]
    public void Compute_SupportsOfferedHashFunctions(string hashFunction, int length)
    {
        var fingerprint = DtlsFingerprint.Compute(hashFunction, Der);

        Assert.Equal(length, fingerprint.Digest.Length);
        Assert.True(DtlsFingerprint.IsSupportedHashFunction(hashFunction));
        Assert.Equal(fingerprint, DtlsFingerprint.Parse(fingerprint.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF")]
    [InlineData("sha-1 00:11:22")]
    [InlineData("sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:3G")]
    [InlineData("sha-1 00-11-22-33-44-55-66-77-88-99-AA-BB-CC-DD-EE-FF-00-11-22-33")]
    [InlineData("sha-1 0011:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:")]
    public void TryParse_RejectsMalformedOrUnsupported(string? value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out _));
    }

    [Fact]
    public void Parse_Throws_OnGarbage() => Assert.Throws<FormatException>(() => DtlsFingerprint.Parse("nonsense"));

    [Fact]
    public void Matches_DistinguishesCertificates()
    {
        var fingerprint = DtlsFingerprint.Compute("sha-384", Der);

        Assert.True(fingerprint.Matches(Der));
        Assert.False(fingerprint.Matches([0x30, 0x03, 0x02, 0x01, 0x02]));
    }

    [Fact]
    public void Equality_RequiresSameHashFunctionAndDigest()
    {
        Assert.Equal(DtlsFingerprint.Compute("sha-256", Der), DtlsFingerprint.Compute("SHA-256", Der));
        Assert.NotEqual(DtlsFingerprint.Compute("sha-256", Der), DtlsFingerprint.Compute("sha-512", Der));
        Assert.NotEqual(DtlsFingerprint.Compute("sha-256", Der), DtlsFingerprint.Compute("sha-256", [1]));
    }

    [Fact]
    public void Compute_RejectsUnsupportedHash() =>
        Assert.Throws<NotSupportedException>(() => DtlsFingerprint.Compute("md5", Der));

    // What Chrome, Firefox and Safari emit in a=fingerprint.
    [GeneratedRegex("^sha-256 (?:[0-9A-F]{2}:){31}[0-9A-F]{2}$")]
    private static partial Regex BrowserSha256();
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Egress.WebRtc.Sdp;

/// <summary>a=fingerprint:&lt;hash function&gt; &lt;XX:XX:...&gt; (RFC 8122 §5): the DTLS certificate digest.</summary>
/// <param name="HashFunction">Hash name, e.g. sha-256 (compare case-insensitively).</param>
/// <param name="Value">Colon-separated upper-case hex as written.</param>
public sealed record SdpFingerprint(string HashFunction, string Value)
{
    /// <summary>The hash function WebRTC endpoints use.</summary>
    public const string Sha256 = "sha-256";

    /// <summary>Formats a digest, e.g. of our DTLS certificate, as a fingerprint.</summary>
    public static SdpFingerprint FromDigest(string hashFunction, ReadOnlySpan<byte> digest)
    {
        var hex = Convert.ToHexString(digest);
        var chunks = Enumerable.Range(0, digest.Length).Select(i => hex.Substring(i * 2, 2));
        return new SdpFingerprint(hashFunction, string.Join(':', chunks));
    }

    /// <summary>Parses the attribute value.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        var fields = value is null ? [] : SdpTokens.Fields(value);
        if (fields.Length != 2 || !SdpTokens.IsToken(fields[0]) || !TryDecode(fields[1], out _))
        {
            return false;
        }

        fingerprint = new SdpFingerprint(fields[0], fields[1]);
        return true;
    }

    /// <summary>Parses the attribute value or throws <see cref="FormatException"/>.</summary>
    public static SdpFingerprint Parse(string value)
        => TryParse(value, out var fingerprint) ? fingerprint : throw new FormatException($"Invalid fingerprint '{value}'.");

    /// <summary>Gets the digest bytes.</summary>
    public byte[] GetDigest()
        => TryDecode(Value, out var digest) ? digest : throw new FormatException($"Invalid fingerprint value '{Value}'.");

    /// <summary>Checks a presented certificate digest in constant time (call with the digest computed using <see cref="HashFunction"/>).</summary>
    public bool Matches(ReadOnlySpan<byte> digest)
        => TryDecode(Value, out var expected) && CryptographicOperations.FixedTimeEquals(expected, digest);

    /// <summary>Creates the a=fingerprint attribute.</summary>
    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Fingerprint, ToString());

    /// <summary>Formats the attribute value.</summary>
    public override string ToString() => $"{HashFunction} {Value}";

    private static bool TryDecode(string value, [NotNullWhen(true)] out byte[]? digest)
    {
        digest = null;
        var parts = value.Split(':');
        var bytes = new byte[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], System.Globalization.NumberStyles.AllowHexSpecifier, null, out bytes[i]))
            {
                return false;
            }
        }

        digest = bytes;
        return true;
    }
}

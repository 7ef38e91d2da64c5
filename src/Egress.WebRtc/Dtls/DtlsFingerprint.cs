using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Egress.WebRtc.Dtls;

/// <summary>A certificate fingerprint as carried in an SDP a=fingerprint attribute (RFC 8122), e.g. "sha-256 AB:CD:…".</summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private const string HexDigits = "0123456789ABCDEF";

    private readonly byte[] _digest;

    private DtlsFingerprint(string hashFunction, byte[] digest)
    {
        HashFunction = hashFunction;
        _digest = digest;
    }

    /// <summary>Lower-case hash function token as used in SDP: "sha-1", "sha-256", "sha-384" or "sha-512".</summary>
    public string HashFunction { get; }

    /// <summary>The raw digest bytes.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>True when <paramref name="hashFunction"/> (case-insensitive) is one this class can compute.</summary>
    public static bool IsSupportedHashFunction(string hashFunction) => DigestLength(hashFunction) > 0;

    /// <summary>Computes the fingerprint of a DER-encoded certificate with the given SDP hash function.</summary>
    public static DtlsFingerprint Compute(string hashFunction, ReadOnlySpan<byte> derCertificate)
    {
        ArgumentNullException.ThrowIfNull(hashFunction);
        var name = hashFunction.ToLowerInvariant();
        var digest = name switch
        {
            "sha-1" => SHA1.HashData(derCertificate),
            "sha-256" => SHA256.HashData(derCertificate),
            "sha-384" => SHA384.HashData(derCertificate),
            "sha-512" => SHA512.HashData(derCertificate),
            _ => throw new NotSupportedException($"Unsupported fingerprint hash function '{hashFunction}'."),
        };
        return new DtlsFingerprint(name, digest);
    }

    /// <summary>Parses an SDP fingerprint value ("sha-256 AB:CD:…"), without the "a=fingerprint:" prefix.</summary>
    public static DtlsFingerprint Parse(string value) =>
        TryParse(value, out var fingerprint)
            ? fingerprint
            : throw new FormatException($"Invalid or unsupported SDP fingerprint '{value}'.");

    /// <summary>Parses an SDP fingerprint value; false for malformed input or an unsupported hash function.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (value is null)
        {
            return false;
        }

        var text = value.AsSpan().Trim();
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }

        var hashFunction = text[..space].ToString().ToLowerInvariant();
        var length = DigestLength(hashFunction);
        if (length == 0)
        {
            return false;
        }

        var digest = new byte[length];
        if (!TryParseHexPairs(text[(space + 1)..].Trim(), digest))
        {
            return false;
        }

        fingerprint = new DtlsFingerprint(hashFunction, digest);
        return true;
    }

    /// <summary>True when <paramref name="derCertificate"/> hashes to this fingerprint; the comparison is constant-time.</summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate)
    {
        var actual = Compute(HashFunction, derCertificate);
        return CryptographicOperations.FixedTimeEquals(actual._digest, _digest);
    }

    /// <summary>Constant-time equality of hash function and digest.</summary>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null
        && string.Equals(HashFunction, other.HashFunction, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(_digest, other._digest);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HashFunction, StringComparer.Ordinal);
        hash.AddBytes(_digest);
        return hash.ToHashCode();
    }

    /// <summary>The SDP form: hash function, one space, upper-case hex pairs separated by ':'.</summary>
    public override string ToString() => HashFunction + " " + FormatHexPairs(_digest);

    private static int DigestLength(string hashFunction) => hashFunction.ToLowerInvariant() switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    // RFC 8122 grammar says upper-case hex, but some stacks emit lower case; accept both.
    private static bool TryParseHexPairs(ReadOnlySpan<char> text, Span<byte> digest)
    {
        if (text.Length != digest.Length * 3 - 1)
        {
            return false;
        }

        for (var i = 0; i < digest.Length; i++)
        {
            var pos = i * 3;
            if (i > 0 && text[pos - 1] != ':')
            {
                return false;
            }

            var hi = HexValue(text[pos]);
            var lo = HexValue(text[pos + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            digest[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    private static string FormatHexPairs(byte[] digest) =>
        string.Create(digest.Length * 3 - 1, digest, static (chars, bytes) =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var pos = i * 3;
                if (i > 0)
                {
                    chars[pos - 1] = ':';
                }

                chars[pos] = HexDigits[bytes[i] >> 4];
                chars[pos + 1] = HexDigits[bytes[i] & 0xF];
            }
        });

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ingest.Rtmp.Handshake;

/// <summary>Server side of the RTMP handshake (C0C1 in, S0S1S2 out), plain or Flash digest ("complex") variant.</summary>
/// <remarks>
/// Flash-derived clients and FFmpeg send a digest C1 and some of them (old Flash Player, certain
/// players) drop the connection unless S1/S2 carry matching digests; librtmp-style clients send a plain
/// C1 and expect S2 to echo it. The variant is chosen by what C1 carries, so both kinds work.
/// </remarks>
public static class RtmpHandshake
{
    /// <summary>The only protocol version accepted in C0 (plain RTMP).</summary>
    public const byte ProtocolVersion = 3;

    /// <summary>Size of C0/S0.</summary>
    public const int C0Size = 1;

    /// <summary>Size of each of C1, C2, S1 and S2.</summary>
    public const int PacketSize = 1536;

    /// <summary>Size of C1.</summary>
    public const int C1Size = PacketSize;

    /// <summary>Size of C2.</summary>
    public const int C2Size = PacketSize;

    /// <summary>Size of C0 followed by C1, the input of <see cref="TryCreateServerResponse"/>.</summary>
    public const int C0C1Size = C0Size + C1Size;

    /// <summary>Size of S0, S1 and S2 sent together, the output of <see cref="TryCreateServerResponse"/>.</summary>
    public const int S0S1S2Size = C0Size + (2 * PacketSize);

    // Advertised in S1 bytes 4..7; any non-zero value tells digest clients this server speaks the digest variant.
    private const uint ServerVersion = 0x0D0E0A0D;

    /// <summary>Builds S0S1S2 for a received C0C1, or explains why the connection should be dropped.</summary>
    /// <param name="c0c1">C0 and C1 as received; only the first <see cref="C0C1Size"/> bytes are used.</param>
    /// <param name="s0s1s2">Destination of at least <see cref="S0S1S2Size"/> bytes; must not overlap <paramref name="c0c1"/>.</param>
    /// <param name="error">Why the handshake was refused; null on success.</param>
    /// <exception cref="ArgumentException">A buffer is shorter than required.</exception>
    public static bool TryCreateServerResponse(ReadOnlySpan<byte> c0c1, Span<byte> s0s1s2, out string? error)
    {
        if (c0c1.Length < C0C1Size)
        {
            throw new ArgumentException($"C0C1 needs {C0C1Size} bytes, got {c0c1.Length}", nameof(c0c1));
        }

        if (s0s1s2.Length < S0S1S2Size)
        {
            throw new ArgumentException($"S0S1S2 needs {S0S1S2Size} bytes, got {s0s1s2.Length}", nameof(s0s1s2));
        }

        error = DescribeBadVersion(c0c1[0]);
        if (error is not null)
        {
            return false;
        }

        var c1 = c0c1.Slice(C0Size, PacketSize);
        var s1 = s0s1s2.Slice(C0Size, PacketSize);
        var s2 = s0s1s2.Slice(C0Size + PacketSize, PacketSize);
        s0s1s2[0] = ProtocolVersion;

        // A zero version field marks a plain C1; only a non-zero one may carry a digest.
        var clientVersion = BinaryPrimitives.ReadUInt32BigEndian(c1[4..]);
        if (clientVersion != 0 && HandshakeDigest.TryFind(c1, HandshakeKeys.ClientDigestKey, out var scheme, out var offset))
        {
            WriteDigestS1(s1, scheme);
            WriteDigestS2(c1.Slice(offset, HandshakeDigest.Length), s2);
        }
        else
        {
            WritePlainS1(s1);
            c1.CopyTo(s2);
        }

        return true;
    }

    /// <summary>Diagnostic check of C2 against the S1 this server sent: plain echo or digest form.</summary>
    /// <remarks>
    /// Do not reject connections on a false result: many encoders send a C2 that is neither (stale
    /// timestamps, random bytes, a digest with the wrong key), and Flash Media Server, nginx-rtmp and
    /// FFmpeg's server all accept any C2. Use this only for logging client quirks.
    /// </remarks>
    /// <exception cref="ArgumentException">A buffer is shorter than <see cref="PacketSize"/>.</exception>
    public static bool ValidateC2(ReadOnlySpan<byte> s1, ReadOnlySpan<byte> c2)
    {
        if (s1.Length < PacketSize)
        {
            throw new ArgumentException($"S1 needs {PacketSize} bytes, got {s1.Length}", nameof(s1));
        }

        if (c2.Length < PacketSize)
        {
            throw new ArgumentException($"C2 needs {PacketSize} bytes, got {c2.Length}", nameof(c2));
        }

        // Plain C2 echoes S1 except bytes 4..7, where the client may put its own read time.
        if (c2[..4].SequenceEqual(s1[..4]) && c2[8..PacketSize].SequenceEqual(s1[8..PacketSize]))
        {
            return true;
        }

        if (!HandshakeDigest.TryFind(s1, HandshakeKeys.ServerDigestKey, out _, out var offset))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HandshakeDigest.Length];
        ComputeResponseSignature(HandshakeKeys.FlashPlayer, s1.Slice(offset, HandshakeDigest.Length), c2, expected);
        return CryptographicOperations.FixedTimeEquals(expected, c2.Slice(PacketSize - HandshakeDigest.Length, HandshakeDigest.Length));
    }

    private static string? DescribeBadVersion(byte version) => version switch
    {
        ProtocolVersion => null,
        6 or 8 or 9 => $"RTMPE (encrypted RTMP, C0 version {version}) is not supported; use rtmp:// or rtmps://",
        0x16 => "Received a TLS ClientHello (C0 0x16): the client uses rtmps:// on a plain RTMP port",
        (byte)'G' or (byte)'P' or (byte)'H' or (byte)'O' or (byte)'C' or (byte)'D' =>
            $"Received what looks like an HTTP request (C0 0x{version:X2} '{(char)version}'); RTMPT/HTTP is not served on the RTMP port",
        _ => $"Unsupported RTMP version {version} in C0 (expected {ProtocolVersion})",
    };

    private static void WritePlainS1(Span<byte> s1)
    {
        BinaryPrimitives.WriteUInt32BigEndian(s1, Timestamp());
        BinaryPrimitives.WriteUInt32BigEndian(s1[4..], 0);
        RandomNumberGenerator.Fill(s1[8..]);
    }

    private static void WriteDigestS1(Span<byte> s1, DigestScheme scheme)
    {
        BinaryPrimitives.WriteUInt32BigEndian(s1, Timestamp());
        BinaryPrimitives.WriteUInt32BigEndian(s1[4..], ServerVersion);
        RandomNumberGenerator.Fill(s1[8..]);
        // Answer in the client's scheme: some clients only look for the server digest where they put theirs.
        var offset = HandshakeDigest.GetOffset(s1, scheme);
        HandshakeDigest.Compute(s1, offset, HandshakeKeys.ServerDigestKey, s1.Slice(offset, HandshakeDigest.Length));
    }

    private static void WriteDigestS2(ReadOnlySpan<byte> clientDigest, Span<byte> s2)
    {
        RandomNumberGenerator.Fill(s2[..(PacketSize - HandshakeDigest.Length)]);
        ComputeResponseSignature(HandshakeKeys.FlashMediaServer, clientDigest, s2, s2[(PacketSize - HandshakeDigest.Length)..]);
    }

    // S2/C2 signature: HMAC(key: HMAC(fullKey, peerDigest), data: first 1504 bytes of the packet).
    private static void ComputeResponseSignature(ReadOnlySpan<byte> fullKey, ReadOnlySpan<byte> peerDigest, ReadOnlySpan<byte> packet, Span<byte> destination)
    {
        Span<byte> key = stackalloc byte[HandshakeDigest.Length];
        HMACSHA256.HashData(fullKey, peerDigest, key);
        HMACSHA256.HashData(key, packet[..(PacketSize - HandshakeDigest.Length)], destination);
    }

    // Only used by peers for their own bookkeeping; a wrapping millisecond counter is what Flash sends too.
    private static uint Timestamp() => unchecked((uint)Environment.TickCount64);
}

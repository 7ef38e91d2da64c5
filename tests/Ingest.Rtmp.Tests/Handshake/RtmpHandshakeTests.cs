using System.Buffers.Binary;
using Ingest.Rtmp.Handshake;

namespace Ingest.Rtmp.Tests.Handshake;

/// <summary>Server handshake against a test Flash client, both digest schemes and plain.</summary>
public sealed class RtmpHandshakeTests
{
    private static byte[] Respond(byte[] c0c1)
    {
        var response = new byte[RtmpHandshake.S0S1S2Size];
        Assert.True(RtmpHandshake.TryCreateServerResponse(c0c1, response, out var error), error);
        Assert.Null(error);
        return response;
    }

    [Fact]
    public void Sizes_match_the_protocol()
    {
        Assert.Equal(1, RtmpHandshake.C0Size);
        Assert.Equal(1536, RtmpHandshake.C1Size);
        Assert.Equal(1536, RtmpHandshake.C2Size);
        Assert.Equal(1537, RtmpHandshake.C0C1Size);
        Assert.Equal(3073, RtmpHandshake.S0S1S2Size);
        Assert.Equal(62, FlashClient.PlayerKey.Length);
        Assert.Equal(68, FlashClient.ServerKey.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Digest_c1_gets_digest_s1_and_s2_in_the_same_scheme(int scheme)
    {
        var c0c1 = FlashClient.CreateDigestC0C1(scheme);
        var response = Respond(c0c1);
        var s1 = response.AsSpan(1, 1536);
        var s2 = response.AsSpan(1537, 1536);

        Assert.Equal(3, response[0]);
        Assert.NotEqual(0u, BinaryPrimitives.ReadUInt32BigEndian(s1[4..]));
        Assert.True(FlashClient.HasValidDigest(s1, scheme, FlashClient.ServerTextKey), "S1 digest");
        Assert.False(FlashClient.HasValidDigest(s1, scheme, FlashClient.PlayerTextKey), "S1 signed with the wrong key");

        // S2 is checked by the client with the full server key and the digest it sent in C1.
        var c1 = c0c1.AsSpan(1);
        var clientDigest = c1.Slice(FlashClient.DigestOffset(c1, scheme), 32);
        var expected = FlashClient.ResponseSignature(FlashClient.ServerKey, clientDigest, s2);
        Assert.Equal(expected, s2[1504..].ToArray());
        Assert.False(s2.SequenceEqual(c1), "S2 must not be a plain echo for a digest client");
    }

    [Fact]
    public void Plain_c1_gets_plain_s1_and_an_echo_in_s2()
    {
        var c0c1 = FlashClient.CreatePlainC0C1();
        var response = Respond(c0c1);

        Assert.Equal(3, response[0]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(response.AsSpan(5)));
        Assert.Equal(c0c1[1..], response[1537..]);
    }

    [Fact]
    public void Non_zero_version_without_a_valid_digest_falls_back_to_plain()
    {
        var c0c1 = FlashClient.CreateDigestC0C1(0);
        c0c1[1 + FlashClient.DigestOffset(c0c1.AsSpan(1), 0)] ^= 0xFF;
        var response = Respond(c0c1);

        Assert.Equal(c0c1[1..], response[1537..]);
    }

    [Fact]
    public void Zero_version_is_plain_even_if_a_digest_happens_to_be_present()
    {
        var c0c1 = FlashClient.CreateDigestC0C1(0);
        c0c1.AsSpan(5, 4).Clear();
        // Re-sign so the digest is valid; only the zero version should make this plain.
        var c1 = c0c1.AsSpan(1);
        var offset = FlashClient.DigestOffset(c1, 0);
        FlashClient.Digest(c1, offset, FlashClient.PlayerTextKey).CopyTo(c1[offset..]);

        var response = Respond(c0c1);
        Assert.Equal(c0c1[1..], response[1537..]);
    }

    [Theory]
    [InlineData(6, "RTMPE")]
    [InlineData(8, "RTMPE")]
    [InlineData(0x47, "HTTP")]
    [InlineData(0x50, "HTTP")]
    [InlineData(0x16, "TLS")]
    [InlineData(0, "Unsupported RTMP version 0")]
    [InlineData(4, "Unsupported RTMP version 4")]
    public void Rejects_other_versions_with_a_clear_error(byte version, string expected)
    {
        var c0c1 = FlashClient.CreatePlainC0C1();
        c0c1[0] = version;
        var response = new byte[RtmpHandshake.S0S1S2Size];

        Assert.False(RtmpHandshake.TryCreateServerResponse(c0c1, response, out var error));
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_buffers_are_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => RtmpHandshake.TryCreateServerResponse(new byte[1536], new byte[3073], out _));
        Assert.Throws<ArgumentException>(() => RtmpHandshake.TryCreateServerResponse(new byte[1537], new byte[3072], out _));
        Assert.Throws<ArgumentException>(() => RtmpHandshake.ValidateC2(new byte[1535], new byte[1536]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ValidateC2_accepts_a_flash_client_digest_c2(int scheme)
    {
        var response = Respond(FlashClient.CreateDigestC0C1(scheme));
        var s1 = response.AsSpan(1, 1536);

        Assert.True(RtmpHandshake.ValidateC2(s1, FlashClient.CreateDigestC2(s1, scheme)));
    }

    [Fact]
    public void ValidateC2_accepts_an_echo_with_a_different_time2()
    {
        var response = Respond(FlashClient.CreatePlainC0C1());
        var c2 = response.AsSpan(1, 1536).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(c2.AsSpan(4), 0xCAFEBABE);

        Assert.True(RtmpHandshake.ValidateC2(response.AsSpan(1, 1536), c2));
    }

    [Fact]
    public void ValidateC2_reports_garbage_without_throwing()
    {
        var plain = Respond(FlashClient.CreatePlainC0C1());
        var digest = Respond(FlashClient.CreateDigestC0C1(1));
        var garbage = new byte[1536];

        Assert.False(RtmpHandshake.ValidateC2(plain.AsSpan(1, 1536), garbage));
        Assert.False(RtmpHandshake.ValidateC2(digest.AsSpan(1, 1536), garbage));
    }
}

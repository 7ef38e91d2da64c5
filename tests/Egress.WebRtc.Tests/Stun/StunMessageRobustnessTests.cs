using System.Buffers.Binary;
using CsCheck;
using Egress.WebRtc.Stun;

namespace Egress.WebRtc.Tests.Stun;

public sealed class StunMessageRobustnessTests
{
    [Fact]
    public void RandomBytes_NeverThrow()
    {
        Gen.Byte.Array[0, 200].Sample(Exercise, iter: 50_000);
    }

    [Fact]
    public void RandomBodiesBehindValidHeader_NeverThrow()
    {
        // Random bodies behind a plausible header reach the attribute walker instead of failing on the cookie.
        var gen = from type in Gen.OneOf<ushort>(0x0001, 0x0101, 0x0111, 0x0011)
                  from body in Gen.Byte.Array[0, 120]
                  select WithHeader(type, body);
        gen.Sample(Exercise, iter: 50_000);
    }

    [Fact]
    public void MutatedVectors_NeverThrow()
    {
        var gen = from vector in Gen.OneOf(
                      Gen.Const(Rfc5769Vectors.SampleRequest),
                      Gen.Const(Rfc5769Vectors.SampleIPv4Response),
                      Gen.Const(Rfc5769Vectors.SampleIPv6Response))
                  from flips in Gen.Int[0, 10_000].Array[1, 4]
                  select Flip(vector, flips);
        gen.Sample(Exercise, iter: 20_000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0001000021")] // shorter than a header
    [InlineData("000100002112a443b7e7a701bc34d686fa87dfae")] // wrong cookie
    [InlineData("400100002112a442b7e7a701bc34d686fa87dfae")] // top bits set
    [InlineData("000100042112a442b7e7a701bc34d686fa87dfae")] // length beyond datagram
    [InlineData("000100022112a442b7e7a701bc34d686fa87dfae0000")] // length not a multiple of 4
    [InlineData("000100082112a442b7e7a701bc34d686fa87dfae0024000800000000")] // attribute overruns message
    [InlineData("000100082112a442b7e7a701bc34d686fa87dfae0024000300000000")] // PRIORITY of 3 bytes
    [InlineData("000100102112a442b7e7a701bc34d686fa87dfae80280004000000000024000400000001")] // attribute after FINGERPRINT
    [InlineData("000100082112a442b7e7a701bc34d686fa87dfae0025000100000000")] // USE-CANDIDATE with a value
    public void MalformedMessages_AreRejected(string hex)
    {
        Assert.False(StunMessage.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void TrailingBytesAfterMessage_AreRejected()
    {
        var padded = Rfc5769Vectors.SampleRequest.Concat(new byte[4]).ToArray();

        Assert.False(StunMessage.TryParse(padded, out _));
    }

    [Fact]
    public void IsStun_FollowsRfc7983FirstByteRanges()
    {
        Assert.True(StunMessage.IsStun(Rfc5769Vectors.SampleRequest));
        var dtls = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        dtls[0] = 22;
        Assert.False(StunMessage.IsStun(dtls));
        var rtp = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        rtp[0] = 0x80;
        Assert.False(StunMessage.IsStun(rtp));
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_IsReported()
    {
        var message = WithHeader(0x0001, Convert.FromHexString("7777000400000000"));

        Assert.True(StunMessage.TryParse(message, out var parsed));
        Assert.Equal(0x7777, parsed.UnknownComprehensionRequiredAttribute);
    }

    [Fact]
    public void Attributes_AreEnumeratedInWireOrder()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out var message));
        var types = new List<StunAttributeType>();
        foreach (var attribute in message.GetAttributes())
        {
            types.Add(attribute.Type);
        }

        Assert.Equal(
            [StunAttributeType.Software, StunAttributeType.Priority, StunAttributeType.IceControlled,
             StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint],
            types);
    }

    private static void Exercise(byte[] data)
    {
        _ = StunMessage.IsStun(data);
        if (!StunMessage.TryParse(data, out var message))
        {
            return;
        }

        _ = message.VerifyMessageIntegrity("key"u8);
        _ = message.VerifyFingerprint();
        _ = message.TryGetLocalUfrag(out _);
        _ = message.TryGetPriority(out _);
        _ = message.TryGetIceControlling(out _);
        _ = message.TryGetIceControlled(out _);
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetErrorCode(out _, out _);
        foreach (var attribute in message.GetAttributes())
        {
            _ = attribute.Value.Length;
        }
    }

    private static byte[] WithHeader(ushort type, byte[] body)
    {
        var message = new byte[StunMessage.HeaderLength + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(message, type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)body.Length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), StunMessage.MagicCookie);
        body.CopyTo(message, StunMessage.HeaderLength);
        return message;
    }

    private static byte[] Flip(byte[] vector, int[] flips)
    {
        var copy = (byte[])vector.Clone();
        foreach (var flip in flips)
        {
            var bit = flip % (copy.Length * 8);
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        return copy;
    }
}

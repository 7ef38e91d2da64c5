using System.Net;
using System.Security.Cryptography;
using System.Text;
using Egress.WebRtc.Stun;

namespace Egress.WebRtc.Tests.Stun;

public sealed class Rfc5769VectorTests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword);

    [Fact]
    public void SampleRequest_DecodesEveryIceAttribute()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(Convert.FromHexString("b7e7a701bc34d686fa87dfae"), message.TransactionId.ToArray());
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(message.Username));
        Assert.True(message.TryGetLocalUfrag(out var local));
        Assert.Equal("evtj", Encoding.UTF8.GetString(local));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36UL, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.UseCandidate);
        Assert.Equal(0, message.UnknownComprehensionRequiredAttribute);
    }

    [Fact]
    public void SampleRequest_IntegrityAndFingerprintVerify()
    {
        Assert.True(StunMessage.VerifyMessageIntegrity(Rfc5769Vectors.SampleRequest, Password));
        Assert.True(StunMessage.VerifyFingerprint(Rfc5769Vectors.SampleRequest));
        Assert.False(StunMessage.VerifyMessageIntegrity(Rfc5769Vectors.SampleRequest, "wrong-password"u8));
    }

    [Fact]
    public void SampleIPv4Response_DecodesMappedAddressExactly()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleIPv4Response, out var message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Assert.True(message.TryGetXorMappedAddress(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endPoint);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleIPv6Response_DecodesMappedAddressExactly()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleIPv6Response, out var message));

        Assert.True(message.TryGetXorMappedAddress(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), endPoint);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleLongTermRequest_IntegrityVerifiesWithMd5Key()
    {
        // Long-term key = MD5(username ":" realm ":" SASLprep(password)), RFC 8489 §9.2.2.
#pragma warning disable CA5351 // the RFC's long-term credential mechanism is defined with MD5
        var key = MD5.HashData(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:TheMatrIX"));
#pragma warning restore CA5351

        Assert.True(StunMessage.TryParse(Rfc5769Vectors.SampleLongTermRequest, out var message));
        Assert.False(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Vectors_AnySingleBitFlipInIntegrityCoverage_FailsIntegrity(int vector)
    {
        var original = vector switch
        {
            0 => Rfc5769Vectors.SampleRequest,
            1 => Rfc5769Vectors.SampleIPv4Response,
            _ => Rfc5769Vectors.SampleIPv6Response,
        };

        // Every byte before the MI header is covered: a flip either breaks parsing or the HMAC.
        var integrityOffset = original.Length - 8 - 24;
        for (var index = 0; index < integrityOffset; index++)
        {
            var tampered = (byte[])original.Clone();
            tampered[index] ^= 0x01;
            Assert.False(StunMessage.VerifyMessageIntegrity(tampered, Password), $"byte {index}");
            Assert.False(StunMessage.VerifyFingerprint(tampered), $"byte {index}");
        }
    }
}

using System.Net;
using System.Text;
using Egress.WebRtc.Stun;

namespace Egress.WebRtc.Tests.Stun;

public sealed class StunBindingTests
{
    private static readonly byte[] ServerPassword = "6pY5v2Zr0eTq8Xn1Lm4Kc9Hd"u8.ToArray();
    private static readonly byte[] TransactionId = Convert.FromHexString("0102030405060708090a0b0c");

    [Fact]
    public void SuccessResponse_ToIPv4_RoundTrips()
    {
        var remote = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 50123);
        Span<byte> buffer = stackalloc byte[StunBinding.MaxSuccessResponseLength];

        var length = StunBinding.WriteSuccessResponse(buffer, TransactionId, remote, ServerPassword);

        Assert.Equal(20 + 12 + 24 + 8, length);
        Assert.True(StunMessage.TryParse(buffer[..length], out var response));
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
        Assert.Equal(TransactionId, response.TransactionId.ToArray());
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(remote, mapped);
        Assert.True(response.VerifyMessageIntegrity(ServerPassword));
        Assert.True(response.VerifyFingerprint());
    }

    [Fact]
    public void SuccessResponse_FromSocketAddress_MatchesEndPointOverload()
    {
        foreach (var text in new[] { "198.51.100.20", "2001:db8::42", "::ffff:198.51.100.20" })
        {
            var remote = new IPEndPoint(IPAddress.Parse(text), 3478);
            var viaEndPoint = new byte[StunBinding.MaxSuccessResponseLength];
            var viaSocket = new byte[StunBinding.MaxSuccessResponseLength];

            var a = StunBinding.WriteSuccessResponse(viaEndPoint, TransactionId, remote, ServerPassword);
            var b = StunBinding.WriteSuccessResponse(viaSocket, TransactionId, remote.Serialize(), ServerPassword);

            Assert.Equal(viaEndPoint.AsSpan(0, a).ToArray(), viaSocket.AsSpan(0, b).ToArray());
        }
    }

    [Fact]
    public void SuccessResponse_ToIPv4MappedIPv6_ReportsPlainIPv4()
    {
        var remote = new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.20"), 61000);
        var buffer = new byte[StunBinding.MaxSuccessResponseLength];

        var length = StunBinding.WriteSuccessResponse(buffer, TransactionId, remote.Serialize(), ServerPassword);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var response));
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.20"), 61000), mapped);
    }

    [Fact]
    public void SuccessResponse_ToIPv6_UsesLargestSize()
    {
        var remote = new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        var buffer = new byte[StunBinding.MaxSuccessResponseLength];

        var length = StunBinding.WriteSuccessResponse(buffer, TransactionId, remote, ServerPassword);

        Assert.Equal(StunBinding.MaxSuccessResponseLength, length);
        Assert.True(StunMessage.TryParse(buffer, out var response));
        Assert.True(response.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(remote, mapped);
    }

    [Theory]
    [InlineData(StunErrorCode.BadRequest, "Bad Request", false)]
    [InlineData(StunErrorCode.Unauthorized, "Unauthorized", false)]
    [InlineData(StunErrorCode.RoleConflict, "Role Conflict", true)]
    public void ErrorResponse_CarriesCodeAndReason(StunErrorCode error, string reason, bool authenticated)
    {
        var buffer = new byte[StunBinding.MaxErrorResponseLength];

        var length = StunBinding.WriteErrorResponse(buffer, TransactionId, error, authenticated ? ServerPassword : default);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var response));
        Assert.Equal(StunMessageType.BindingErrorResponse, response.Type);
        Assert.True(response.TryGetErrorCode(out var code, out var phrase));
        Assert.Equal((int)error, code);
        Assert.Equal(reason, Encoding.UTF8.GetString(phrase));
        Assert.Equal(authenticated, response.HasMessageIntegrity);
        Assert.Equal(authenticated, response.VerifyMessageIntegrity(ServerPassword));
        Assert.True(response.VerifyFingerprint());
    }

    [Fact]
    public void Request_RoundTripsEveryIceAttribute()
    {
        var buffer = new byte[StunBinding.MaxRequestLength];

        var length = StunBinding.WriteRequest(
            buffer, TransactionId, "srvUfrag:brwsr"u8, ServerPassword, priority: 1853824767, controlling: true, tieBreaker: 0x0123456789abcdef, useCandidate: true);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var request));
        Assert.Equal(StunMessageType.BindingRequest, request.Type);
        Assert.True(request.TryGetLocalUfrag(out var ufrag));
        Assert.Equal("srvUfrag", Encoding.UTF8.GetString(ufrag));
        Assert.True(request.TryGetPriority(out var priority));
        Assert.Equal(1853824767u, priority);
        Assert.True(request.TryGetIceControlling(out var tieBreaker));
        Assert.Equal(0x0123456789abcdefUL, tieBreaker);
        Assert.False(request.TryGetIceControlled(out _));
        Assert.True(request.UseCandidate);
        Assert.True(request.VerifyMessageIntegrity(ServerPassword));
        Assert.True(request.VerifyFingerprint());
    }

    [Fact]
    public void Request_Controlled_WithoutNomination()
    {
        var buffer = new byte[StunBinding.MaxRequestLength];

        var length = StunBinding.WriteRequest(buffer, TransactionId, "a:b"u8, ServerPassword, 1, controlling: false, tieBreaker: 7, useCandidate: false);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var request));
        Assert.True(request.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(7UL, tieBreaker);
        Assert.False(request.UseCandidate);
    }

    [Fact]
    public void TamperedResponse_FailsIntegrityAndFingerprint()
    {
        var buffer = new byte[StunBinding.MaxSuccessResponseLength];
        var length = StunBinding.WriteSuccessResponse(buffer, TransactionId, new IPEndPoint(IPAddress.Loopback, 9), ServerPassword);
        var message = buffer.AsSpan(0, length).ToArray();

        message[25] ^= 0x80; // inside XOR-MAPPED-ADDRESS

        Assert.False(StunMessage.VerifyMessageIntegrity(message, ServerPassword));
        Assert.False(StunMessage.VerifyFingerprint(message));
    }

    [Fact]
    public void TamperedFingerprintOnly_FailsFingerprintButNotIntegrity()
    {
        var buffer = new byte[StunBinding.MaxSuccessResponseLength];
        var length = StunBinding.WriteSuccessResponse(buffer, TransactionId, new IPEndPoint(IPAddress.Loopback, 9), ServerPassword);
        buffer[length - 1] ^= 0xFF;

        Assert.False(StunMessage.VerifyFingerprint(buffer.AsSpan(0, length)));
        Assert.True(StunMessage.VerifyMessageIntegrity(buffer.AsSpan(0, length), ServerPassword));
    }

    [Fact]
    public void Writer_TooSmallBuffer_Throws()
    {
        var buffer = new byte[StunBinding.MaxSuccessResponseLength - 30];

        Assert.Throws<ArgumentException>(
            () => StunBinding.WriteSuccessResponse(buffer, TransactionId, new IPEndPoint(IPAddress.Loopback, 9), ServerPassword));
    }

    [Fact]
    public void Writer_AttributeAfterIntegrity_Throws()
    {
        var buffer = new byte[128];

        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
            writer.AddMessageIntegrity(ServerPassword);
            writer.AddPriority(1);
        });
    }

    [Fact]
    public void Writer_UsernameFromChars_EncodesUtf8()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddUsername("caf\u00e9:x".AsSpan());
        writer.AddFingerprint();
        var length = writer.Length;

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.Equal("caf\u00e9:x", Encoding.UTF8.GetString(message.Username));
    }

    [Fact]
    public void GenerateTransactionId_FillsTwelveRandomBytes()
    {
        var a = new byte[12];
        var b = new byte[12];

        StunMessageWriter.GenerateTransactionId(a);
        StunMessageWriter.GenerateTransactionId(b);

        Assert.NotEqual(a, b);
    }
}

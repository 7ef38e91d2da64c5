using Egress.WebRtc.Dtls;

namespace Egress.WebRtc.Tests.Dtls;

public sealed class DtlsRecordInspectorTests
{
    [Fact]
    public void RecognisesDtls12ClientHello() =>
        Assert.True(DtlsRecordInspector.LooksLikeClientHello([22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]));

    [Theory]
    [InlineData(new byte[] { 23, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 })] // application data
    [InlineData(new byte[] { 22, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 })] // TLS, not DTLS
    [InlineData(new byte[] { 22, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1 })] // epoch 1
    [InlineData(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2 })] // ServerHello
    [InlineData(new byte[] { 22, 0xFE, 0xFD, 0, 0 })] // truncated
    public void RejectsEverythingElse(byte[] datagram) => Assert.False(DtlsRecordInspector.LooksLikeClientHello(datagram));
}

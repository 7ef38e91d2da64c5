using EndToEnd.Infrastructure;

namespace EndToEnd.Impairment;

public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(0x80, 96, true)] // RTP, dynamic payload type
    [InlineData(0x80, 96 | 0x80, true)] // RTP with the marker bit
    [InlineData(0x80, 0, true)] // RTP, PCMU
    [InlineData(0xBF, 127, true)] // last first-byte value of the RTP/RTCP range
    [InlineData(0x80, 200, false)] // RTCP sender report
    [InlineData(0x81, 201, false)] // RTCP receiver report
    [InlineData(0x8F, 206, false)] // RTCP payload-specific feedback (PLI/FIR)
    [InlineData(0x80, 64, false)] // lowest payload type reserved for RTCP
    [InlineData(0x80, 95 | 0x80, false)] // highest reserved one, marker set
    [InlineData(0x00, 0x01, false)] // STUN binding request
    [InlineData(0x03, 0x01, false)] // last STUN first byte
    [InlineData(20, 0xFE, false)] // DTLS change cipher spec
    [InlineData(63, 0xFE, false)] // last DTLS first byte
    [InlineData(0x7F, 96, false)] // RTP version bits wrong
    [InlineData(0xC0, 96, false)] // above the RTP range (TURN channel data / QUIC)
    public void ClassifiesByFirstTwoBytes(byte first, byte second, bool isRtp)
    {
        var datagram = new byte[20];
        datagram[0] = first;
        datagram[1] = second;

        Assert.Equal(isRtp, PacketClassifier.IsRtp(datagram));
    }

    [Fact]
    public void ShorterThanAnRtpHeaderIsNotRtp() => Assert.False(PacketClassifier.IsRtp([0x80, 96, 0, 1]));
}

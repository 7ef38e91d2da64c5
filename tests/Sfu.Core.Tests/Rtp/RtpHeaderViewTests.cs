using CsCheck;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public sealed class RtpHeaderViewTests
{
    [Fact]
    public void ReadsChromiumStyleOneByteExtensionsAndThePayload()
    {
        // V=2, X=1, PT 102 with marker, seq 0x1234, ts 90000, SSRC; extensions: id 3 transport-cc (2 bytes), id 4 mid "0".
        byte[] packet =
        [
            0x90, 0x80 | 102, 0x12, 0x34, 0, 1, 0x5F, 0x90, 0xDE, 0xAD, 0xBE, 0xEF,
            0xBE, 0xDE, 0, 2, 0x31, 0x01, 0x02, 0x40, (byte)'0', 0, 0, 0,
            0x7C, 0x85, 0xAA,
        ];
        Assert.True(RtpHeaderView.TryParse(packet, out var header));
        Assert.Equal((true, (byte)102, (ushort)0x1234, 90000u, 0xDEADBEEFu), (header.Marker, header.PayloadType, header.SequenceNumber, header.Timestamp, header.Ssrc));
        Assert.True(header.TryGetExtension(3, out var transportCc));
        Assert.Equal([0x01, 0x02], transportCc.ToArray());
        Assert.True(header.TryGetExtension(4, out var mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());
        Assert.False(header.TryGetExtension(5, out _));
        Assert.Equal([0x7C, 0x85, 0xAA], header.Payload.ToArray());
    }

    [Fact]
    public void PaddingIsNotPayloadAndLengthsThatDoNotFitAreRejected()
    {
        byte[] padded = [0xA0, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x41, 0x42, 0, 0, 3];
        Assert.True(RtpHeaderView.TryParse(padded, out var header));
        Assert.Equal([0x41, 0x42], header.Payload.ToArray());

        Assert.False(RtpHeaderView.TryParse([0x80, 96, 0, 1], out _));
        Assert.False(RtpHeaderView.TryParse([0x40, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], out _));
        Assert.False(RtpHeaderView.TryParse([0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0, 9], out _));
        Assert.False(RtpHeaderView.TryParse([0xA0, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x41, 50], out _));
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            if (RtpHeaderView.TryParse(bytes, out var header))
            {
                _ = header.Payload.Length;
                for (int id = 0; id < 16; id++)
                {
                    header.TryGetExtension(id, out _);
                }
            }
        }, iter: 20000);
    }
}

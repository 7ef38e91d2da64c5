using System.Buffers.Binary;
using Egress.WebRtc.Peers;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;

namespace Egress.WebRtc.Tests.Peers;

public sealed class RtpHeaderWriterTests
{
    [Fact]
    public void WritesRewrittenHeaderOurOneByteExtensionsAndThePayload()
    {
        var source = Source(payload: [1, 2, 3, 4, 5]);
        var output = new byte[200];
        int length = RtpHeaderWriter.Write(output, source, new RtpRewrite(0xCAFE, 7, 90000, 102), new OutgoingMedia("0", 102, 1, 3, 2), 0x1234, 0xABCDEF);

        Assert.Equal(0x90, output[0]); // version 2, X bit
        Assert.Equal(0x80 | 102, output[1]); // marker kept, payload type rewritten
        Assert.Equal((ushort)7, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(2)));
        Assert.Equal(0xCAFEu, BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(8)));
        Assert.Equal(0xBEDE, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(12)));
        int words = BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(14));
        byte[] expected = [0x10, (byte)'0', 0x31, 0x12, 0x34, 0x22, 0xAB, 0xCD, 0xEF, 0, 0, 0];
        Assert.Equal(expected, output.AsSpan(16, words * 4).ToArray());
        Assert.Equal([1, 2, 3, 4, 5], output.AsSpan(16 + (words * 4), 5).ToArray());
        Assert.Equal(16 + (words * 4) + 5, length);
    }

    [Fact]
    public void PlayoutDelayIsWrittenAsTwelveBitMinAndMaxInTensOfMilliseconds()
    {
        var media = new OutgoingMedia("0", 102, 0, 0, 0).WithPlayoutDelay(5, new Sfu.Core.Media.PlayoutDelay(500, 40950));
        var output = new byte[200];
        RtpHeaderWriter.Write(output, Source(payload: [1]), new RtpRewrite(1, 1, 1, 102), media, 0, 0);

        // 0x52 = id 5, 3 bytes; 50 (0x032) then 4095 (0xFFF) packed into 24 bits; one byte of padding.
        Assert.Equal(0x90, output[0]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(14)));
        Assert.Equal([0x52, 0x03, 0x2F, 0xFF], output.AsSpan(16, 4).ToArray());
    }

    [Fact]
    public void RtxPacketCarriesTheOriginalSequenceNumberBeforeThePayload()
    {
        // RFC 4588 §4: RTX header (own SSRC, sequence, payload type; the original timestamp), then OSN, then payload.
        var source = Source(payload: [1, 2, 3]);
        var output = new byte[200];
        var media = new OutgoingMedia("0", 102, 0, 0, 0) { RtxPayloadType = 103, RtxSsrc = 0xBEEF };
        int length = RtpHeaderWriter.Write(output, source, new RtpRewrite(0xBEEF, 500, 90000, 103), media, 0, 0, originalSequence: 0x1234);

        Assert.Equal(0x80 | 103, output[1]);
        Assert.Equal((ushort)500, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(2)));
        Assert.Equal(90000u, BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(4)));
        Assert.Equal(0xBEEFu, BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(8)));
        Assert.Equal([0x12, 0x34, 1, 2, 3], output.AsSpan(12, 5).ToArray());
        Assert.Equal(17, length);
    }

    [Theory]
    [InlineData("0", 15, 0, 0)] // id 15 is reserved in the one-byte form
    [InlineData("a-mid-longer-than-sixteen-bytes", 1, 0, 0)] // one-byte elements carry at most 16 bytes
    [InlineData("", 1, 0, 0)]
    public void ExtensionsTheOneByteFormCannotCarryAreLeftOff(string mid, int midId, int twccId, int absId)
    {
        var media = new OutgoingMedia(mid, 96, midId, twccId, absId);
        var output = new byte[200];
        int length = RtpHeaderWriter.Write(output, Source(payload: [9]), new RtpRewrite(1, 1, 1, 96), media, 0, 0);

        Assert.Equal(0x80, output[0]); // no X bit, no corrupt element
        Assert.Equal(RtpPacket.FixedHeaderSize + 1, length);
    }

    private static RtpPacket Source(byte[] payload)
    {
        var packet = new RtpPacketPool().Rent();
        int header = packet.WriteHeader(96, true, 1, 2, 3);
        payload.CopyTo(packet.Buffer, header);
        packet.Length = header + payload.Length;
        return packet;
    }
}

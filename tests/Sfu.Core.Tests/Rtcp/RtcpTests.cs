using CsCheck;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Rtcp;

public sealed class RtcpTests
{
    [Fact]
    public void SenderReportAndSdesFormAReadableCompoundPacket()
    {
        var buffer = new byte[200];
        int n = RtcpWriter.WriteSenderReport(buffer, 0x11223344, 0xAABBCCDD_EEFF0011, 90000, 10, 12000);
        n += RtcpWriter.WriteSourceDescription(buffer.AsSpan(n), 0x11223344, "viewer-1");
        n += RtcpWriter.WriteBye(buffer.AsSpan(n), 0x11223344);

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.SenderReport, reader.Type);
        Assert.Equal(28, reader.Packet.Length);
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.SourceDescription, reader.Type);
        Assert.Equal("viewer-1"u8.ToArray(), reader.Packet.Slice(10, 8).ToArray());
        Assert.Equal(0, reader.Packet.Length % 4);
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.Bye, reader.Type);
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void ReceiverReportBlocksDecodeIncludingNegativeCumulativeLoss()
    {
        byte[] rr =
        [
            0x81, 201, 0, 7, 1, 2, 3, 4,
            0x11, 0x22, 0x33, 0x44, 64, 0xFF, 0xFF, 0xFE, 0, 1, 0x00, 0x10, 0, 0, 0, 90, 0xAB, 0xCD, 0xEF, 0x01, 0, 1, 0, 0,
        ];
        var reader = new RtcpCompoundReader(rr);
        Assert.True(reader.MoveNext());
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[4];
        Assert.Equal(1, reader.ReadReportBlocks(blocks));
        Assert.Equal(new RtcpReportBlock(0x11223344, 64, -2, 0x00010010, 90, 0xABCDEF01, 0x00010000), blocks[0]);
    }

    [Fact]
    public void GenericNackExpandsPidAndBitmask()
    {
        byte[] nack = [0x81, 205, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0xFF, 0xFE, 0b0000_0000, 0b0000_0101];
        var reader = new RtcpCompoundReader(nack);
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpFeedbackFormat.GenericNack, reader.CountOrFormat);
        Assert.Equal(2u, reader.FeedbackMediaSsrc);
        Span<ushort> lost = stackalloc ushort[8];
        Assert.Equal(3, reader.ReadNackedSequences(lost));
        Assert.Equal([0xFFFE, 0xFFFF, 0x0001], lost[..3].ToArray());

        // A destination too small takes what fits, in order.
        Assert.Equal(2, reader.ReadNackedSequences(lost[..2]));
        Assert.Equal([0xFFFE, 0xFFFF], lost[..2].ToArray());
    }

    [Fact]
    public void PictureLossIndicationIsTwelveBytes()
    {
        var buffer = new byte[12];
        Assert.Equal(12, RtcpWriter.WritePictureLossIndication(buffer, 1, 2));
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.MoveNext());
        Assert.Equal((RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLossIndication, 2u), (reader.Type, reader.CountOrFormat, reader.FeedbackMediaSsrc));
    }

    [Fact]
    public void LengthPastTheDatagramIsMalformed()
    {
        var reader = new RtcpCompoundReader([0x80, 200, 0, 20, 0, 0, 0, 0]);
        Assert.False(reader.MoveNext());
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void RoundTripTimeFromLsrAndDlsr()
    {
        ulong sent = NtpTime.FromStopwatch(System.Diagnostics.Stopwatch.GetTimestamp());
        ulong now = sent + (ulong)(0.150 * 4294967296.0);
        var rtt = NtpTime.RoundTrip(now, NtpTime.Middle(sent), (uint)(0.100 * 65536));
        Assert.InRange(rtt!.Value.TotalMilliseconds, 49, 51);
        Assert.Null(NtpTime.RoundTrip(now, 0, 0));
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var reader = new RtcpCompoundReader(bytes);
            Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[31];
            Span<ushort> nacked = stackalloc ushort[64];
            while (reader.MoveNext())
            {
                reader.ReadReportBlocks(blocks);
                reader.ReadNackedSequences(nacked);
                _ = reader.FeedbackMediaSsrc;
            }
        }, iter: 5000);
    }
}

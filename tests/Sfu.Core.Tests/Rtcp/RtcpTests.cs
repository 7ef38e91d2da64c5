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
    public void FullIntraRequestCarriesTargetAndSequenceNumber()
    {
        var buffer = new byte[20];
        Assert.Equal(20, RtcpWriter.WriteFullIntraRequest(buffer, 1, 0xCAFEBABE, 7));
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.MoveNext());
        Assert.Equal((RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest), (reader.Type, reader.CountOrFormat));

        // RFC 5104: the media source field is 0; the target is in the FCI.
        Assert.Equal(0u, reader.FeedbackMediaSsrc);
        Span<FullIntraRequest> requests = stackalloc FullIntraRequest[4];
        Assert.Equal(1, reader.ReadFullIntraRequests(requests));
        Assert.Equal(new FullIntraRequest(0xCAFEBABE, 7), requests[0]);
    }

    [Fact]
    public void FullIntraRequestWithSeveralEntriesReadsEach()
    {
        byte[] fir = [0x84, 206, 0, 6, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 2, 255, 0, 0, 0];
        var reader = new RtcpCompoundReader(fir);
        Assert.True(reader.MoveNext());
        Span<FullIntraRequest> requests = stackalloc FullIntraRequest[4];
        Assert.Equal(2, reader.ReadFullIntraRequests(requests));
        Assert.Equal([new FullIntraRequest(1, 3), new FullIntraRequest(2, 255)], requests[..2].ToArray());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(150_000L)]
    [InlineData(262_143L)]
    [InlineData(2_500_000L)]
    [InlineData(1_000_000_000L)]
    public void RembRoundTripsWithinMantissaPrecision(long bitsPerSecond)
    {
        var buffer = new byte[28];
        Assert.Equal(28, RtcpWriter.WriteRemb(buffer, 1, bitsPerSecond, [0x11, 0x22]));
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.MoveNext());
        Assert.Equal((RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer), (reader.Type, reader.CountOrFormat));
        Assert.True(reader.TryReadRemb(out long read));

        // 18 bits of mantissa: the value is rounded down by less than one part in 2^17.
        Assert.InRange(read, bitsPerSecond - (bitsPerSecond >> 17) - 1, bitsPerSecond);
    }

    [Fact]
    public void ChromiumRembDecodes()
    {
        // REMB as Chromium sends it: 1 SSRC, exponent 3, mantissa 0x3D090 = 250000 → 2 Mbit/s.
        byte[] remb = [0x8F, 206, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, (byte)'R', (byte)'E', (byte)'M', (byte)'B', 1, (3 << 2) | 0x03, 0xD0, 0x90, 0, 0, 0, 5];
        var reader = new RtcpCompoundReader(remb);
        Assert.True(reader.MoveNext());
        Assert.True(reader.TryReadRemb(out long bitsPerSecond));
        Assert.Equal(2_000_000, bitsPerSecond);
    }

    [Fact]
    public void OtherApplicationFeedbackIsNotRemb()
    {
        byte[] afb = [0x8F, 206, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, (byte)'G', (byte)'O', (byte)'O', (byte)'G', 0, 0, 0, 0];
        var reader = new RtcpCompoundReader(afb);
        Assert.True(reader.MoveNext());
        Assert.False(reader.TryReadRemb(out _));
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
            Span<FullIntraRequest> firs = stackalloc FullIntraRequest[8];
            while (reader.MoveNext())
            {
                reader.ReadReportBlocks(blocks);
                reader.ReadNackedSequences(nacked);
                reader.ReadFullIntraRequests(firs);
                reader.TryReadRemb(out _);
                _ = reader.FeedbackMediaSsrc;
            }
        }, iter: 5000);
    }
}

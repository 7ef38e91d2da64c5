using CsCheck;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Rtcp;

public sealed class ReceiverFeedbackWriterTests
{
    private static ushort[] ReadNack(ReadOnlySpan<byte> packet, out uint senderSsrc, out uint mediaSsrc)
    {
        var reader = new RtcpCompoundReader(packet);
        Assert.True(reader.MoveNext());
        Assert.Equal((RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack), (reader.Type, reader.CountOrFormat));
        senderSsrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(reader.Packet[4..]);
        mediaSsrc = reader.FeedbackMediaSsrc;
        var lost = new ushort[17 * 256];
        int n = reader.ReadNackedSequences(lost);
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
        return lost[..n];
    }

    /// <summary>Orders numbers that span less than half the space the way RTP does: after the widest gap.</summary>
    internal static ushort[] SortWrapAware(IEnumerable<ushort> values)
    {
        var sorted = values.Distinct().OrderBy(v => v).ToArray();
        if (sorted.Length < 2)
        {
            return sorted;
        }

        int start = 0;
        int widest = sorted[0] + 65536 - sorted[^1];
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] - sorted[i - 1] > widest)
            {
                widest = sorted[i] - sorted[i - 1];
                start = i;
            }
        }

        return [.. sorted[start..], .. sorted[..start]];
    }

    [Fact]
    public void ReceiverReportRoundTripsThroughTheCompoundReader()
    {
        RtcpReportBlock[] blocks =
        [
            new(0x11223344, 25, 1234, 0x0001_FFFE, 90, 0xABCDEF01, 0x00010000),
            new(0xCAFEBABE, 0, -3, 7, 0, 0, 0),
        ];
        var buffer = new byte[8 + (24 * 2)];
        Assert.Equal(buffer.Length, RtcpWriter.WriteReceiverReport(buffer, 0x55667788, blocks));

        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.MoveNext());
        Assert.Equal((RtcpPacketType.ReceiverReport, 2), (reader.Type, reader.CountOrFormat));
        Assert.Equal(0x55667788u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(reader.Packet[4..]));
        Span<RtcpReportBlock> read = stackalloc RtcpReportBlock[31];
        Assert.Equal(2, reader.ReadReportBlocks(read));
        Assert.Equal(blocks, read[..2].ToArray());
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void ReceiverReportWithoutBlocksIsEightBytes()
    {
        var buffer = new byte[8];
        Assert.Equal(8, RtcpWriter.WriteReceiverReport(buffer, 9, []));
        Assert.Equal([0x80, 201, 0, 1, 0, 0, 0, 9], buffer);
    }

    [Fact]
    public void ReceiverReportTakesThirtyOneBlocksAndNoMore()
    {
        var blocks = Enumerable.Range(0, 32).Select(i => new RtcpReportBlock((uint)i, (byte)i, -i, (uint)i, (uint)i, (uint)i, (uint)i)).ToArray();
        var buffer = new byte[8 + (24 * 32)];
        Assert.Throws<ArgumentOutOfRangeException>(() => RtcpWriter.WriteReceiverReport(buffer, 1, blocks));

        int n = RtcpWriter.WriteReceiverReport(buffer, 1, blocks.AsSpan(0, RtcpWriter.MaxReportBlocks));
        Assert.Equal(8 + (24 * 31), n);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.MoveNext());
        var read = new RtcpReportBlock[31];
        Assert.Equal(31, reader.ReadReportBlocks(read));
        Assert.Equal(blocks[..31], read);
    }

    [Theory]
    [InlineData(10_000_000, 0x7FFFFF)]
    [InlineData(-10_000_000, -0x800000)]
    [InlineData(-1, -1)]
    public void CumulativeLossIsClampedToSigned24Bits(int lost, int expected)
    {
        var buffer = new byte[32];
        RtcpWriter.WriteReceiverReport(buffer, 1, [new RtcpReportBlock(2, 0, lost, 0, 0, 0, 0)]);
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.MoveNext());
        Span<RtcpReportBlock> read = stackalloc RtcpReportBlock[1];
        reader.ReadReportBlocks(read);
        Assert.Equal(expected, read[0].CumulativeLost);
    }

    [Fact]
    public void NackPacksAcrossTheWrapIntoOneEntry()
    {
        var buffer = new byte[64];
        int n = RtcpWriter.WriteGenericNack(buffer, 1, 2, [0xFFFE, 0xFFFF, 0x0001, 0x000E]);
        Assert.Equal(16, n);
        Assert.Equal([0x81, 205, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0xFF, 0xFE, 0b1000_0000, 0b0000_0101], buffer[..n]);
        Assert.Equal([0xFFFE, 0xFFFF, 0x0001, 0x000E], ReadNack(buffer.AsSpan(0, n), out uint sender, out uint media));
        Assert.Equal((1u, 2u), (sender, media));
    }

    [Fact]
    public void NackStartsANewEntrySeventeenPastThePid()
    {
        var buffer = new byte[64];
        int n = RtcpWriter.WriteGenericNack(buffer, 1, 2, [100, 116, 117]);
        Assert.Equal(20, n);
        Assert.Equal([100, 116, 117], ReadNack(buffer.AsSpan(0, n), out _, out _));
    }

    [Fact]
    public void NackWithNothingToSayWritesNothing()
    {
        var buffer = new byte[64];
        Assert.Equal(0, RtcpWriter.WriteGenericNack(buffer, 1, 2, [], out int consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(0, RtcpWriter.WriteGenericNack(buffer.AsSpan(0, 15), 1, 2, [5], out consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void NackReportsHowManyFitInASmallDestination()
    {
        ushort[] sequences = [10, 12, 40, 41, 90, 200];
        var buffer = new byte[20];
        int n = RtcpWriter.WriteGenericNack(buffer, 1, 2, sequences, out int consumed);
        Assert.Equal(20, n);
        Assert.Equal(4, consumed);
        Assert.Equal([10, 12, 40, 41], ReadNack(buffer.AsSpan(0, n), out _, out _));

        n = RtcpWriter.WriteGenericNack(buffer, 1, 2, sequences.AsSpan(consumed), out consumed);
        Assert.Equal(2, consumed);
        Assert.Equal([90, 200], ReadNack(buffer.AsSpan(0, n), out _, out _));
    }

    [Fact]
    public void NackRepeatsAreDroppedAndUnsortedInputIsStillFaithful()
    {
        var buffer = new byte[64];
        int n = RtcpWriter.WriteGenericNack(buffer, 1, 2, [5, 5, 6, 6, 7]);
        Assert.Equal([5, 6, 7], ReadNack(buffer.AsSpan(0, n), out _, out _));

        n = RtcpWriter.WriteGenericNack(buffer, 1, 2, [30, 3, 31, 0xFFFF]);
        Assert.Equal(new ushort[] { 3, 30, 31, 0xFFFF }, ReadNack(buffer.AsSpan(0, n), out _, out _).Order().ToArray());
    }

    private static readonly Gen<ushort[]> MissingSets =
        Gen.Select(Gen.UShort, Gen.Int[1, 32767], Gen.Int[0, 200])
            .SelectMany(t => Gen.Int[0, t.Item2 - 1].Array[t.Item3]
                .Select(offsets => SortWrapAware(offsets.Select(o => (ushort)(t.Item1 + o)))));

    [Fact]
    public void RandomMissingSetsSurviveWriteAndReadExactly()
    {
        MissingSets.Sample(sequences =>
        {
            var buffer = new byte[12 + (4 * 200)];
            int n = RtcpWriter.WriteGenericNack(buffer, 7, 8, sequences, out int consumed);
            Assert.Equal(sequences.Length, consumed);
            if (sequences.Length == 0)
            {
                Assert.Equal(0, n);
                return;
            }

            Assert.Equal(sequences, ReadNack(buffer.AsSpan(0, n), out _, out _));
        }, iter: 2000);
    }

    [Fact]
    public void RandomMissingSetsSurviveBeingSplitAcrossSmallPackets()
    {
        Gen.Select(MissingSets, Gen.Int[16, 64]).Sample((sequences, size) =>
        {
            var buffer = new byte[size];
            var read = new List<ushort>();
            var rest = sequences.AsSpan();
            while (!rest.IsEmpty)
            {
                int n = RtcpWriter.WriteGenericNack(buffer, 7, 8, rest, out int consumed);
                Assert.InRange(consumed, 1, rest.Length);
                Assert.True(n <= size);
                read.AddRange(ReadNack(buffer.AsSpan(0, n), out _, out _));
                rest = rest[consumed..];
            }

            Assert.Equal(sequences, read);
        }, iter: 1000);
    }

    [Fact]
    public void RandomOrderStillCarriesEveryNumber()
    {
        Gen.Select(MissingSets, Gen.Int).Sample((sequences, seed) =>
        {
            var random = new Random(seed);
            var shuffled = sequences.OrderBy(_ => random.Next()).ToArray();
            var buffer = new byte[12 + (4 * 200)];
            int n = RtcpWriter.WriteGenericNack(buffer, 7, 8, shuffled, out int consumed);
            Assert.Equal(shuffled.Length, consumed);
            if (n > 0)
            {
                Assert.Equal(sequences.Order(), ReadNack(buffer.AsSpan(0, n), out _, out _).Order());
            }
        }, iter: 500);
    }
}

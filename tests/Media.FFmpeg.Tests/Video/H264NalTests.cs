using Media.FFmpeg.Video;

namespace Media.FFmpeg.Tests.Video;

/// <summary>AVCC ↔ Annex B conversion, including the malformed inputs a publisher can send.</summary>
public sealed class H264NalTests
{
    [Fact]
    public void AnnexBWithMixedStartCodesBecomesAvcc()
    {
        byte[] annexB = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 0, 0, 3, 1, 0, 0];
        var avcc = new byte[H264Nal.MaxAvccLength(annexB.Length)];
        var length = H264Nal.AnnexBToAvcc(annexB, avcc);
        byte[] expected = [0, 0, 0, 3, 0x67, 1, 2, 0, 0, 0, 2, 0x68, 3, 0, 0, 0, 5, 0x65, 0, 0, 3, 1];
        Assert.Equal(expected, avcc[..length]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void AvccRoundTripsThroughAnnexB(int nalLengthSize)
    {
        byte[][] nals = [[0x09, 0xF0], [0x65, 0x88, 0x84, 0x00, 0x33]];
        var avcc = nals.SelectMany(nal => BigEndian(nal.Length, nalLengthSize).Concat(nal)).ToArray();
        Assert.True(H264Nal.TryMeasureAvcc(avcc, nalLengthSize, out var annexBLength, out var hasIdr));
        Assert.True(hasIdr);
        var annexB = new byte[annexBLength];
        Assert.Equal(annexBLength, H264Nal.AvccToAnnexB(avcc, nalLengthSize, annexB));
        var back = new byte[H264Nal.MaxAvccLength(annexBLength)];
        var length = H264Nal.AnnexBToAvcc(annexB, back);
        Assert.Equal(nals.SelectMany(nal => BigEndian(nal.Length, 4).Concat(nal)), back[..length]);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 9, 0x65 })]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x65 })]
    [InlineData(new byte[] { })]
    public void MalformedAvccIsRejected(byte[] avcc) => Assert.False(H264Nal.TryMeasureAvcc(avcc, 4, out _, out _));

    private static byte[] BigEndian(int value, int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(value >> (8 * (size - 1 - i))))];
}

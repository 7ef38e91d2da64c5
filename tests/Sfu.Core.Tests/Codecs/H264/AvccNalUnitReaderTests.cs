using Sfu.Core.Codecs.H264;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class AvccNalUnitReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ReadsEveryNalUnitForEachLengthSize(int lengthSize)
    {
        byte[][] nals = [H264TestData.Nal(0x09, 2), H264TestData.Nal(0x06, 40), H264TestData.Nal(0x65, 200)];
        var avcc = H264TestData.Avcc(nals, lengthSize);

        var reader = new AvccNalUnitReader(avcc, lengthSize);
        var seen = new List<byte[]>();
        while (reader.MoveNext())
        {
            Assert.Equal(reader.Current.ToArray(), avcc.AsSpan(reader.CurrentOffset, reader.Current.Length).ToArray());
            seen.Add(reader.Current.ToArray());
        }

        Assert.False(reader.IsMalformed);
        Assert.Equal(nals, seen);
    }

    [Fact]
    public void SkipsZeroLengthEntries()
    {
        byte[] avcc = [0, 0, 0, 0, 0, 0, 0, 1, 0x09, 0, 0, 0, 0];
        var reader = new AvccNalUnitReader(avcc, 4);
        Assert.True(reader.MoveNext());
        Assert.Equal([0x09], reader.Current.ToArray());
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void EmptyAccessUnitIsWellFormed()
    {
        var reader = new AvccNalUnitReader([], 4);
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
    }

    [Theory]
    [InlineData("00000005650102", 4)] // length beyond the end
    [InlineData("0000000165000000", 4)] // dangling partial length field
    [InlineData("0000000165000000ff", 4)] // length field at the very end
    [InlineData("ffff65", 2)]
    [InlineData("0165", 0)] // unsupported length size
    [InlineData("0165", 5)]
    public void FlagsMalformedInput(string hex, int lengthSize)
    {
        var avcc = Convert.FromHexString(hex);
        var reader = new AvccNalUnitReader(avcc, lengthSize);
        while (reader.MoveNext())
        {
        }

        Assert.True(reader.IsMalformed);
        Assert.False(AvccNalUnitReader.IsWellFormed(avcc, lengthSize));
    }

    [Fact]
    public void StopsAtTheFirstInconsistency()
    {
        byte[] avcc = [0, 1, 0x41, 0, 9, 0x41];
        var reader = new AvccNalUnitReader(avcc, 2);
        Assert.True(reader.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.True(reader.IsMalformed);
        Assert.True(reader.Current.IsEmpty);
        Assert.False(reader.MoveNext());
    }
}

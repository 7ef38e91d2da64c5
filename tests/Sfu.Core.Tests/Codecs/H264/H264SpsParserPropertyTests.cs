using CsCheck;
using Sfu.Core.Codecs.H264;

namespace Sfu.Core.Tests.Codecs.H264;

public sealed class H264SpsParserPropertyTests
{
    private static readonly byte[][] RealSps =
    [
        Convert.FromHexString("6742c01ed900a02ff970110000030001000003003c0f162e48"),
        Convert.FromHexString("67640028acd940780227e5c044000003000400000300f03c60c658"),
        Convert.FromHexString("67f4002a919b280ac0c3c5f80880000003008000003c078c18cb"),
        Convert.FromHexString("6764001eacd940b424f558088000000300800000190f8a14cb"),
        Convert.FromHexString("67640029ad94c5314c5314c5314c532111492492492492492072d940780227e5ffc0010000ed4040407c00000fa40007530344600fa400fa2007d4007d2def7c511803e9003e8801f5001f4b7bdf06d04422cb"),
    ];

    [Fact]
    public void EveryTruncationIsRejected()
    {
        foreach (var sps in RealSps)
        {
            for (int length = 0; length < sps.Length; length++)
            {
                Assert.False(H264SpsParser.TryParse(sps.AsSpan(0, length), out _), $"prefix {length} of {Convert.ToHexString(sps)}");
            }
        }
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var gen = from header in Gen.OneOf<byte>(0x67, 0x27, 0x47)
                  from body in Gen.Byte.Array[0, 300]
                  select (byte[])[header, .. body];
        gen.Sample(nal => AssertSane(nal), iter: 20_000);
    }

    [Fact]
    public void MutatedRealSpsNeverThrows()
    {
        var gen = from index in Gen.Int[0, RealSps.Length - 1]
                  from flips in Gen.Int[0, 100_000].Array[1, 6]
                  select Mutate(RealSps[index], flips);
        gen.Sample(nal => AssertSane(nal), iter: 20_000);
    }

    private static byte[] Mutate(byte[] source, int[] flips)
    {
        var copy = (byte[])source.Clone();
        foreach (int flip in flips)
        {
            int bit = 8 + (flip % ((copy.Length - 1) * 8));
            copy[bit / 8] ^= (byte)(0x80 >> (bit % 8));
        }

        return copy;
    }

    private static void AssertSane(byte[] nal)
    {
        if (H264SpsParser.TryParse(nal, out var sps))
        {
            Assert.InRange(sps.Width, 1, sps.CodedWidth);
            Assert.InRange(sps.Height, 1, sps.CodedHeight);
            Assert.Equal(6, sps.ProfileLevelId.Length);
        }
    }
}

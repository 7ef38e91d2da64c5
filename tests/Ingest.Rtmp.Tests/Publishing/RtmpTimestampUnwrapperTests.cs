using CsCheck;
using Ingest.Rtmp.Publishing;

namespace Ingest.Rtmp.Tests.Publishing;

public sealed class RtmpTimestampUnwrapperTests
{
    [Fact]
    public void WrapsPast32BitsWithoutJumping()
    {
        var clock = default(RtmpTimestampUnwrapper);
        Assert.Equal(0xFFFFFFF0L, clock.Unwrap(0xFFFFFFF0));
        Assert.Equal(0x100000010L, clock.Unwrap(0x10));
        Assert.Equal(0x100000020L, clock.Unwrap(0x20));
    }

    [Fact]
    public void SmallStepsBackAreHeldSoDecodeTimeNeverDecreases()
    {
        var clock = default(RtmpTimestampUnwrapper);
        Assert.Equal(1000, clock.Unwrap(1000));
        Assert.Equal(1000, clock.Unwrap(990));
        Assert.Equal(1000, clock.Unwrap(1000));
        Assert.Equal(1033, clock.Unwrap(1033));
    }

    [Fact]
    public void EncoderClockRestartContinuesFromWhereTimeWas()
    {
        var clock = default(RtmpTimestampUnwrapper);
        clock.Unwrap(50_000);
        Assert.Equal(50_000, clock.Unwrap(0));
        Assert.Equal(50_033, clock.Unwrap(33));
    }

    [Fact]
    public void NeverDecreasesWhateverTheInput()
    {
        Gen.UInt.Array[1, 200].Sample(timestamps =>
        {
            var clock = default(RtmpTimestampUnwrapper);
            long last = long.MinValue;
            foreach (uint t in timestamps)
            {
                long now = clock.Unwrap(t);
                Assert.True(now >= last);
                last = now;
            }
        });
    }
}

using Media.FFmpeg.Native;
using Media.FFmpeg.Tests.Support;

namespace Media.FFmpeg.Tests;

/// <summary>Library probe and error text.</summary>
public sealed class FFmpegAvailabilityTests
{
    [FFmpegFact]
    public void ProbeFindsDebianFFmpeg51()
    {
        Assert.True(FFmpegAvailability.IsAvailable, FFmpegAvailability.Reason);
        Assert.Null(FFmpegAvailability.Reason);
        Assert.Equal(FFmpegVersion.ExpectedAvcodecMajor, FFmpegVersion.Major(FFmpegVersion.avcodec_version()));
        FFmpegAvailability.EnsureAvailable();
    }

    [FFmpegFact]
    public void FFmpegErrorsCarryStrerrorText()
    {
        var ex = new FFmpegException("avcodec_send_packet", FFmpegLayout.AVERROR_INVALIDDATA);
        Assert.Contains("Invalid data found when processing input", ex.Message);
        Assert.Equal(FFmpegLayout.AVERROR_INVALIDDATA, ex.ErrorCode);
    }
}

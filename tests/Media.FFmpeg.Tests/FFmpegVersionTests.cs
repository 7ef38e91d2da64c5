using Media.FFmpeg.Native;

namespace Media.FFmpeg.Tests;

public sealed class FFmpegVersionTests
{
    [Fact]
    public void SystemLibrariesAreFFmpeg51()
    {
        Assert.Equal(FFmpegVersion.ExpectedAvcodecMajor, FFmpegVersion.Major(FFmpegVersion.avcodec_version()));
        Assert.Equal(FFmpegVersion.ExpectedAvutilMajor, FFmpegVersion.Major(FFmpegVersion.avutil_version()));
        Assert.Equal(FFmpegVersion.ExpectedSwresampleMajor, FFmpegVersion.Major(FFmpegVersion.swresample_version()));
        FFmpegVersion.EnsureCompatible();
    }

    [Fact]
    public void MajorReadsTheTopSixteenBits()
    {
        Assert.Equal(59, FFmpegVersion.Major((59u << 16) | (37u << 8) | 100u));
    }
}

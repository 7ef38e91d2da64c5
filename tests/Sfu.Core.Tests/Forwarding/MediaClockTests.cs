using System.Diagnostics;
using Sfu.Core.Media;
using Sfu.Core.Streams;

namespace Sfu.Core.Tests.Forwarding;

public sealed class MediaClockTests
{
    [Fact]
    public void TracksOnOneClockMapTheSameInstantToTheSameMediaTime()
    {
        var clock = new MediaClock();
        long epoch = Stopwatch.GetTimestamp();
        clock.Anchor(5_000, epoch);
        clock.Anchor(9_999, epoch + Stopwatch.Frequency); // later anchors change nothing

        var video = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        var audio = new MediaTrack("audio", MediaKind.Audio, MediaCodec.Opus(), 2);
        video.UseMediaClock(clock, 1_000_000);
        audio.UseMediaClock(clock, 7);

        long twoSecondsLater = epoch + (2 * Stopwatch.Frequency);
        Assert.Equal(1_000_000u + (7_000u * 90), video.SourceRtpTimestampAt(twoSecondsLater));
        Assert.Equal(7u + (7_000u * 48), audio.SourceRtpTimestampAt(twoSecondsLater));
    }

    [Fact]
    public void UnanchoredClockGivesNoMapping()
    {
        var track = new MediaTrack("video", MediaKind.Video, MediaCodec.H264("42e01f"), 1);
        Assert.Null(track.SourceRtpTimestampAt(Stopwatch.GetTimestamp()));
        track.UseMediaClock(new MediaClock(), 0);
        Assert.Null(track.SourceRtpTimestampAt(Stopwatch.GetTimestamp()));
    }
}

using Ingest.Rtmp.Flv;

namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Legacy AVC video tags produced by ffmpeg/x264.</summary>
public sealed class FlvVideoTagFixtureTests
{
    [Fact]
    public void HighProfile_FirstTagIsKeyFrameSequenceHeader()
    {
        var body = FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Video)[0];

        var tag = FlvVideoTag.Parse(body);

        Assert.Equal(FlvParseStatus.Ok, tag.Status);
        Assert.Equal(string.Empty, tag.Reason);
        Assert.False(tag.IsEnhanced);
        Assert.Equal(FlvVideoCodecId.Avc, tag.CodecId);
        Assert.True(tag.FourCc.IsNone);
        Assert.Equal(FlvVideoFrameType.Key, tag.FrameType);
        Assert.True(tag.IsKeyFrame);
        Assert.Equal(FlvVideoPacketType.SequenceHeader, tag.PacketType);
        Assert.Equal(0, tag.CompositionTimeOffset);
        Assert.Equal(body.Length - 5, tag.Data.Length);
        Assert.Equal(1, tag.Data.Span[0]); // configurationVersion
    }

    [Fact]
    public void HighProfile_CompositionTimesMatchFfprobe()
    {
        // ffprobe -show_entries packet=pts,dts: pts - dts per coded frame, in decode order.
        int[] expected = [133, 267, 67, 66, 267, 67, 66, 134];
        var frames = FlvFixture.Bodies(FlvFixture.HighAac48kStereo, FlvFileTag.Video)
            .Select(b => FlvVideoTag.Parse(b))
            .Where(t => t.PacketType == FlvVideoPacketType.CodedFrames)
            .ToList();

        Assert.All(frames, t => Assert.True(t.IsOk, t.Reason));
        Assert.Equal(expected, frames.Select(t => t.CompositionTimeOffset));
        Assert.Equal([true, false, false, false, false, false, false, false], frames.Select(t => t.IsKeyFrame));
    }

    [Fact]
    public void Baseline_FrameDataIsZeroCopySliceOfInput()
    {
        var bodies = FlvFixture.Bodies(FlvFixture.BaselineAac44kMono, FlvFileTag.Video);
        var input = new ReadOnlyMemory<byte>(bodies[1]);

        var tag = FlvVideoTag.Parse(input);

        Assert.True(tag.IsOk, tag.Reason);
        Assert.Equal(FlvVideoPacketType.CodedFrames, tag.PacketType);
        Assert.True(input[5..].Span == tag.Data.Span, "Data must reference the input buffer, not a copy");
        Assert.Equal(0, tag.CompositionTimeOffset);

        // Coded frames are 4-byte length-prefixed NAL units (lengthSizeMinusOne = 3 in the fixture's avcC).
        var nalLength = (tag.Data.Span[0] << 24) | (tag.Data.Span[1] << 16) | (tag.Data.Span[2] << 8) | tag.Data.Span[3];
        Assert.InRange(nalLength, 1, tag.Data.Length - 4);
    }

    [Fact]
    public void AllFixtureVideoTagsParse()
    {
        foreach (var name in new[] { FlvFixture.HighAac48kStereo, FlvFixture.BaselineAac44kMono })
        {
            var tags = FlvFixture.Bodies(name, FlvFileTag.Video).Select(b => FlvVideoTag.Parse(b)).ToList();
            Assert.All(tags, t => Assert.Equal(FlvParseStatus.Ok, t.Status));
            Assert.Single(tags, t => t.PacketType == FlvVideoPacketType.SequenceHeader);
        }
    }
}

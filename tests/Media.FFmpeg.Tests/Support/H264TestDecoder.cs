using Media.FFmpeg.Native;
using Media.FFmpeg.Video;

namespace Media.FFmpeg.Tests.Support;

/// <summary>Decodes the re-encoder's AVCC output with a fresh FFmpeg h264 decoder and reports what each frame is.</summary>
public static class H264TestDecoder
{
    public static List<(int Width, int Height, int PictType, long Pts)> Decode(IEnumerable<(byte[] Avcc, long Pts, bool Keyframe)> accessUnits)
    {
        var frames = new List<(int, int, int, long)>();
        using var decoder = new H264Decoder();
        foreach (var (avcc, pts, _) in accessUnits)
        {
            Assert.True(H264Nal.TryMeasureAvcc(avcc, 4, out var length, out _));
            H264Nal.AvccToAnnexB(avcc, 4, decoder.GetInputBuffer(length));
            Assert.True(decoder.Send(length, pts, pts) >= 0);
            Drain(decoder, frames);
        }

        _ = decoder.SendFlush();
        Drain(decoder, frames);
        return frames;
    }

    private static void Drain(H264Decoder decoder, List<(int, int, int, long)> frames)
    {
        while (decoder.TryReceive() >= 0)
        {
            var frame = decoder.Frame;
            frames.Add((AvFields.FrameWidth(frame), AvFields.FrameHeight(frame), AvFields.FramePictType(frame), AvFields.FramePts(frame)));
        }
    }
}

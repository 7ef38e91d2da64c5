using Media.FFmpeg.Video;

namespace Media.FFmpeg.Tests.Support;

/// <summary>Copies every access unit so tests can inspect them after the callback.</summary>
public sealed class VideoCollectingSink : IEncodedVideoSink
{
    public List<(byte[] Avcc, long Pts, bool Keyframe)> AccessUnits { get; } = [];

    public void OnAccessUnit(ReadOnlySpan<byte> avcc, long pts90k, bool keyframe) => AccessUnits.Add((avcc.ToArray(), pts90k, keyframe));
}

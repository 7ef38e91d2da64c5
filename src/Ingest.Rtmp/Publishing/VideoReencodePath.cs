using Media.FFmpeg.Video;

namespace Ingest.Rtmp.Publishing;

/// <summary>
/// The B-frame policy's <c>transcode</c> path: source access units go through an H.264 re-encoder without B-frames,
/// and its output is handed back for packetization, starting at a keyframe after what was already forwarded.
/// </summary>
internal sealed class VideoReencodePath : IEncodedVideoSink, IDisposable
{
    private readonly H264Reencoder _reencoder;
    private readonly Action<ReadOnlySpan<byte>, long, bool> _publish;
    private readonly long _lastForwardedPresentation;
    private bool _joined;

    /// <param name="reencoder">The re-encoder, owned from here on.</param>
    /// <param name="publish">Packetizes one re-encoded AVCC (4-byte lengths) access unit at a 90 kHz presentation time.</param>
    /// <param name="lastForwardedPresentation">Presentation time (90 kHz) of the last source frame viewers already got.</param>
    public VideoReencodePath(H264Reencoder reencoder, Action<ReadOnlySpan<byte>, long, bool> publish, long lastForwardedPresentation)
    {
        _reencoder = reencoder;
        _publish = publish;
        _lastForwardedPresentation = lastForwardedPresentation;
    }

    public H264Reencoder Reencoder => _reencoder;

    public void Push(ReadOnlySpan<byte> avcc, int nalLengthSize, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps, long dts90k, long pts90k) =>
        _reencoder.Push(avcc, nalLengthSize, sps, pps, dts90k, pts90k, this);

    public void OnAccessUnit(ReadOnlySpan<byte> avcc, long pts90k, bool keyframe)
    {
        // Frames viewers already saw from the source are not repeated; the re-encoded stream joins at a keyframe.
        if (!_joined)
        {
            if (pts90k <= _lastForwardedPresentation)
            {
                return;
            }

            if (!keyframe)
            {
                _reencoder.RequestKeyframe();
                return;
            }

            _joined = true;
        }

        _publish(avcc, pts90k, keyframe);
    }

    public void Dispose() => _reencoder.Dispose();
}

namespace Media.FFmpeg.Video;

/// <summary>Receives access units from <see cref="H264Reencoder"/>; an interface so a cached sink keeps Push allocation-free.</summary>
public interface IEncodedVideoSink
{
    /// <summary>Called synchronously on the pushing thread; <paramref name="avcc"/> is reused afterwards, so copy it if it must outlive the call.</summary>
    /// <param name="avcc">One access unit, NAL units prefixed with 4-byte big-endian lengths.</param>
    /// <param name="pts90k">Presentation time in 1/90000 s, strictly increasing (no B-frames, so it is also the decode time).</param>
    /// <param name="keyframe">True for IDR access units, which carry SPS and PPS in-band.</param>
    void OnAccessUnit(ReadOnlySpan<byte> avcc, long pts90k, bool keyframe);
}

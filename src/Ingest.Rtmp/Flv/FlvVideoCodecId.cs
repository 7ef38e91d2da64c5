namespace Ingest.Rtmp.Flv;

/// <summary>Legacy FLV VideoTagHeader CodecID (meaningless for Enhanced RTMP tags, which use a FourCC).</summary>
public enum FlvVideoCodecId : byte
{
    /// <summary>Not present (enhanced tag, or rejected before the codec was read).</summary>
    None = 0,

    /// <summary>JPEG (never used in practice).</summary>
    Jpeg = 1,

    /// <summary>Sorenson H.263.</summary>
    SorensonH263 = 2,

    /// <summary>Screen video.</summary>
    ScreenVideo = 3,

    /// <summary>On2 VP6.</summary>
    On2Vp6 = 4,

    /// <summary>On2 VP6 with alpha channel.</summary>
    On2Vp6Alpha = 5,

    /// <summary>Screen video version 2.</summary>
    ScreenVideo2 = 6,

    /// <summary>H.264 / AVC.</summary>
    Avc = 7,

    /// <summary>HEVC via the non-standard CodecID 12 extension used by some Chinese CDNs and encoders.</summary>
    HevcNonStandard = 12,
}

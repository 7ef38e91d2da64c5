namespace Ingest.Rtmp.Publishing;

/// <summary>Decides whether an H.264 stream uses B-frames (frames presented before frames decoded earlier).</summary>
/// <remarks>
/// An SPS with pic_order_cnt_type 2 makes output order equal decode order, so such a stream can have none (x264 with
/// bframes=0 writes that). Otherwise the decision waits for evidence: a presentation time below one already seen
/// means reordering; a whole GOP without one means none.
/// </remarks>
internal sealed class BFrameDetector
{
    private long _maxPresentation = long.MinValue;
    private int _keyframes;

    public BFrameDetector(bool reorderingImpossible)
    {
        HasBFrames = reorderingImpossible ? false : null;
    }

    /// <summary>True, false, or null while undecided.</summary>
    public bool? HasBFrames { get; private set; }

    /// <summary>Records one access unit in decode order.</summary>
    public void OnFrame(long presentation, bool keyframe)
    {
        if (HasBFrames is not null)
        {
            return;
        }

        if (keyframe && ++_keyframes == 2)
        {
            HasBFrames = false;
            return;
        }

        if (presentation < _maxPresentation)
        {
            HasBFrames = true;
            return;
        }

        _maxPresentation = presentation;
    }
}

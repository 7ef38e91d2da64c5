namespace Sfu.Core.Codecs.H264;

/// <summary>The fields of an H.264 sequence parameter set that a media server needs, as decoded by <see cref="H264SpsParser"/>.</summary>
public sealed record H264SequenceParameterSet
{
    /// <summary>profile_idc, e.g. 66 (Baseline), 77 (Main), 100 (High).</summary>
    public required byte ProfileIdc { get; init; }

    /// <summary>The byte holding constraint_set0..5 flags and the two reserved bits, as sent.</summary>
    public required byte ConstraintFlags { get; init; }

    /// <summary>level_idc, ten times the level number (31 = level 3.1).</summary>
    public required byte LevelIdc { get; init; }

    /// <summary>seq_parameter_set_id (0..31).</summary>
    public required int SeqParameterSetId { get; init; }

    /// <summary>chroma_format_idc: 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4.</summary>
    public int ChromaFormatIdc { get; init; } = 1;

    /// <summary>separate_colour_plane_flag (4:4:4 coded as three monochrome planes).</summary>
    public bool SeparateColourPlane { get; init; }

    /// <summary>Luma sample bit depth.</summary>
    public int BitDepthLuma { get; init; } = 8;

    /// <summary>Chroma sample bit depth.</summary>
    public int BitDepthChroma { get; init; } = 8;

    /// <summary>seq_scaling_matrix_present_flag.</summary>
    public bool HasScalingMatrix { get; init; }

    /// <summary>log2_max_frame_num_minus4 + 4.</summary>
    public int Log2MaxFrameNum { get; init; }

    /// <summary>pic_order_cnt_type (0..2).</summary>
    public int PicOrderCntType { get; init; }

    /// <summary>log2_max_pic_order_cnt_lsb_minus4 + 4 when <see cref="PicOrderCntType"/> is 0, otherwise 0.</summary>
    public int Log2MaxPicOrderCntLsb { get; init; }

    /// <summary>max_num_ref_frames.</summary>
    public int MaxNumRefFrames { get; init; }

    /// <summary>frame_mbs_only_flag; false means the stream may carry fields.</summary>
    public bool FrameMbsOnly { get; init; }

    /// <summary>mb_adaptive_frame_field_flag (MBAFF); false when <see cref="FrameMbsOnly"/>.</summary>
    public bool MbAdaptiveFrameField { get; init; }

    /// <summary>direct_8x8_inference_flag.</summary>
    public bool Direct8x8Inference { get; init; }

    /// <summary>Width of the decoded picture in luma samples before cropping (a multiple of 16).</summary>
    public int CodedWidth { get; init; }

    /// <summary>Height of the decoded frame in luma samples before cropping.</summary>
    public int CodedHeight { get; init; }

    /// <summary>Display width in pixels after the frame cropping rectangle.</summary>
    public int Width { get; init; }

    /// <summary>Display height in pixels after the frame cropping rectangle.</summary>
    public int Height { get; init; }

    /// <summary>VUI num_units_in_tick; 0 when the SPS carries no timing info.</summary>
    public uint NumUnitsInTick { get; init; }

    /// <summary>VUI time_scale; 0 when the SPS carries no timing info.</summary>
    public uint TimeScale { get; init; }

    /// <summary>VUI fixed_frame_rate_flag.</summary>
    public bool FixedFrameRate { get; init; }

    /// <summary>Frames per second implied by VUI timing, or null when absent.</summary>
    /// <remarks>A progressive frame spans two clock ticks (DeltaTfiDivisor = 2, Table E-6), which is how encoders signal frame rate.</remarks>
    public double? FrameRate => NumUnitsInTick != 0 && TimeScale != 0 ? TimeScale / (2.0 * NumUnitsInTick) : null;

    /// <summary>The SDP profile-level-id (RFC 6184 §8.1): profile, constraint byte and level as six lowercase hex digits.</summary>
    public string ProfileLevelId => $"{ProfileIdc:x2}{ConstraintFlags:x2}{LevelIdc:x2}";
}

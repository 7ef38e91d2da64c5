namespace Sfu.Core.Codecs.H264;

/// <summary>Helpers for the one-byte H.264 NAL unit header (forbidden bit, nal_ref_idc, type).</summary>
public static class H264NalUnit
{
    /// <summary>Mask of the forbidden_zero_bit.</summary>
    public const byte ForbiddenBitMask = 0x80;

    /// <summary>Mask of nal_ref_idc, still in place (not shifted).</summary>
    public const byte NriMask = 0x60;

    /// <summary>Mask of nal_unit_type.</summary>
    public const byte TypeMask = 0x1F;

    /// <summary>The NAL unit type carried in a header byte.</summary>
    public static H264NalUnitType GetNalUnitType(byte header) => (H264NalUnitType)(header & TypeMask);

    /// <summary>nal_ref_idc (0..3) carried in a header byte.</summary>
    public static int GetNri(byte header) => (header & NriMask) >> 5;

    /// <summary>True for slice types that carry picture data (VCL NAL units 1..5).</summary>
    public static bool IsVcl(H264NalUnitType type) => type is >= H264NalUnitType.NonIdrSlice and <= H264NalUnitType.IdrSlice;

    /// <summary>True for types an RTP sender may put on the wire as a single NAL unit packet (1..23).</summary>
    public static bool IsSingleNalType(H264NalUnitType type) => type is >= H264NalUnitType.NonIdrSlice and < H264NalUnitType.StapA;
}

using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Codecs.H264;

/// <summary>Decodes an H.264 sequence parameter set NAL unit (ITU-T H.264 §7.3.2.1.1 and Annex E VUI).</summary>
public static class H264SpsParser
{
    // Generous bound (32768 px) that keeps pixel arithmetic far from overflow while rejecting garbage.
    private const uint MaxDimensionInMbs = 2048;

    /// <summary>
    /// Parses a complete SPS NAL unit, header byte included and emulation-prevention bytes still in place.
    /// Returns false, never throws, on truncated, out-of-range or otherwise invalid input.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> nalUnit, [NotNullWhen(true)] out H264SequenceParameterSet? sps)
    {
        sps = null;
        if (nalUnit.Length < 4 || (nalUnit[0] & H264NalUnit.ForbiddenBitMask) != 0
            || H264NalUnit.GetNalUnitType(nalUnit[0]) != H264NalUnitType.Sps)
        {
            return false;
        }

        var reader = new RbspBitReader(nalUnit[1..]);
        sps = Parse(ref reader);
        return sps is not null;
    }

    private static H264SequenceParameterSet? Parse(ref RbspBitReader r)
    {
        byte profileIdc = (byte)r.ReadBits(8);
        byte constraintFlags = (byte)r.ReadBits(8);
        byte levelIdc = (byte)r.ReadBits(8);
        uint spsId = r.ReadUe();
        if (spsId > 31)
        {
            return null;
        }

        uint chromaFormatIdc = 1;
        bool separateColourPlane = false;
        long bitDepthLuma = 8;
        long bitDepthChroma = 8;
        bool hasScalingMatrix = false;
        if (HasChromaFormatInfo(profileIdc))
        {
            chromaFormatIdc = r.ReadUe();
            if (chromaFormatIdc > 3)
            {
                return null;
            }

            separateColourPlane = chromaFormatIdc == 3 && r.ReadFlag();
            bitDepthLuma = (long)r.ReadUe() + 8;
            bitDepthChroma = (long)r.ReadUe() + 8;
            if (bitDepthLuma > 14 || bitDepthChroma > 14)
            {
                return null;
            }

            r.ReadBit(); // qpprime_y_zero_transform_bypass_flag
            hasScalingMatrix = r.ReadFlag();
            if (hasScalingMatrix && !SkipScalingMatrix(ref r, chromaFormatIdc == 3 ? 12 : 8))
            {
                return null;
            }
        }

        // Widen before adding so a huge ue(v) cannot wrap back into the valid range.
        long log2MaxFrameNum = (long)r.ReadUe() + 4;
        uint pocType = r.ReadUe();
        long log2MaxPocLsb = 0;
        if (log2MaxFrameNum > 16 || pocType > 2)
        {
            return null;
        }

        if (pocType == 0)
        {
            log2MaxPocLsb = (long)r.ReadUe() + 4;
            if (log2MaxPocLsb > 16)
            {
                return null;
            }
        }
        else if (pocType == 1 && !SkipPicOrderCntType1(ref r))
        {
            return null;
        }

        uint maxNumRefFrames = r.ReadUe();
        r.ReadBit(); // gaps_in_frame_num_value_allowed_flag
        long widthInMbs = (long)r.ReadUe() + 1;
        long heightInMapUnits = (long)r.ReadUe() + 1;
        bool frameMbsOnly = r.ReadFlag();
        bool mbAdaptive = !frameMbsOnly && r.ReadFlag();
        bool direct8x8 = r.ReadFlag();
        if (r.HasError || maxNumRefFrames > 16 || widthInMbs > MaxDimensionInMbs || heightInMapUnits > MaxDimensionInMbs)
        {
            return null;
        }

        int codedWidth = (int)widthInMbs * 16;
        int codedHeight = (frameMbsOnly ? 1 : 2) * (int)heightInMapUnits * 16;
        int width = codedWidth;
        int height = codedHeight;
        if (r.ReadFlag())
        {
            // Crop offsets count chroma samples (and field rows when interlaced), §7.4.2.1.1 eq. 7-19..7-22.
            bool hasChromaPlanes = chromaFormatIdc != 0 && !separateColourPlane;
            long cropUnitX = hasChromaPlanes && chromaFormatIdc != 3 ? 2 : 1;
            long cropUnitY = (hasChromaPlanes && chromaFormatIdc == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            long horizontal = cropUnitX * ((long)r.ReadUe() + r.ReadUe());
            long vertical = cropUnitY * ((long)r.ReadUe() + r.ReadUe());
            if (horizontal >= codedWidth || vertical >= codedHeight)
            {
                return null;
            }

            width -= (int)horizontal;
            height -= (int)vertical;
        }

        var timing = default(VuiTiming);
        if (r.ReadFlag() && !TryParseVui(ref r, out timing))
        {
            return null;
        }

        // rbsp_stop_one_bit: a clean way to notice an SPS that was cut short or has trailing garbage.
        if (r.ReadBit() != 1 || r.HasError)
        {
            return null;
        }

        return new H264SequenceParameterSet
        {
            ProfileIdc = profileIdc,
            ConstraintFlags = constraintFlags,
            LevelIdc = levelIdc,
            SeqParameterSetId = (int)spsId,
            ChromaFormatIdc = (int)chromaFormatIdc,
            SeparateColourPlane = separateColourPlane,
            BitDepthLuma = (int)bitDepthLuma,
            BitDepthChroma = (int)bitDepthChroma,
            HasScalingMatrix = hasScalingMatrix,
            Log2MaxFrameNum = (int)log2MaxFrameNum,
            PicOrderCntType = (int)pocType,
            Log2MaxPicOrderCntLsb = (int)log2MaxPocLsb,
            MaxNumRefFrames = (int)maxNumRefFrames,
            FrameMbsOnly = frameMbsOnly,
            MbAdaptiveFrameField = mbAdaptive,
            Direct8x8Inference = direct8x8,
            CodedWidth = codedWidth,
            CodedHeight = codedHeight,
            Width = width,
            Height = height,
            NumUnitsInTick = timing.NumUnitsInTick,
            TimeScale = timing.TimeScale,
            FixedFrameRate = timing.FixedFrameRate,
        };
    }

    // Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (§7.3.2.1.1).
    private static bool HasChromaFormatInfo(byte profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    private static bool SkipScalingMatrix(ref RbspBitReader r, int listCount)
    {
        for (int i = 0; i < listCount; i++)
        {
            if (r.ReadFlag() && !SkipScalingList(ref r, i < 6 ? 16 : 64))
            {
                return false;
            }
        }

        return !r.HasError;
    }

    // The list itself is irrelevant here, but its length depends on the deltas: once nextScale hits 0
    // the remaining entries repeat and no more deltas are coded (§7.3.2.1.1.1).
    private static bool SkipScalingList(ref RbspBitReader r, int size)
    {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size && nextScale != 0; j++)
        {
            int delta = r.ReadSe();
            if (delta is < -128 or > 127 || r.HasError)
            {
                return false;
            }

            nextScale = (lastScale + delta + 256) % 256;
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }

        return true;
    }

    private static bool SkipPicOrderCntType1(ref RbspBitReader r)
    {
        r.ReadBit(); // delta_pic_order_always_zero_flag
        r.ReadSe(); // offset_for_non_ref_pic
        r.ReadSe(); // offset_for_top_to_bottom_field
        uint cycleLength = r.ReadUe();
        if (cycleLength > 255)
        {
            return false;
        }

        for (uint i = 0; i < cycleLength && !r.HasError; i++)
        {
            r.ReadSe();
        }

        return !r.HasError;
    }

    private static bool TryParseVui(ref RbspBitReader r, out VuiTiming timing)
    {
        timing = default;
        if (r.ReadFlag() && r.ReadBits(8) == 255)
        {
            r.ReadBits(32); // sar_width, sar_height
        }

        if (r.ReadFlag())
        {
            r.ReadBit(); // overscan_appropriate_flag
        }

        if (r.ReadFlag())
        {
            r.ReadBits(4); // video_format, video_full_range_flag
            if (r.ReadFlag())
            {
                r.ReadBits(24); // colour_primaries, transfer_characteristics, matrix_coefficients
            }
        }

        if (r.ReadFlag())
        {
            r.ReadUe(); // chroma_sample_loc_type_top_field
            r.ReadUe(); // chroma_sample_loc_type_bottom_field
        }

        if (r.ReadFlag())
        {
            timing = new VuiTiming(r.ReadBits(32), r.ReadBits(32), r.ReadFlag());
        }

        bool nalHrd = r.ReadFlag();
        if (nalHrd && !SkipHrdParameters(ref r))
        {
            return false;
        }

        bool vclHrd = r.ReadFlag();
        if (vclHrd && !SkipHrdParameters(ref r))
        {
            return false;
        }

        if (nalHrd || vclHrd)
        {
            r.ReadBit(); // low_delay_hrd_flag
        }

        r.ReadBit(); // pic_struct_present_flag
        if (r.ReadFlag())
        {
            r.ReadBit(); // motion_vectors_over_pic_boundaries_flag
            for (int i = 0; i < 6; i++)
            {
                // max_bytes_per_pic_denom .. max_dec_frame_buffering
                r.ReadUe();
            }
        }

        return !r.HasError;
    }

    private static bool SkipHrdParameters(ref RbspBitReader r)
    {
        long cpbCount = (long)r.ReadUe() + 1;
        if (cpbCount > 32)
        {
            return false;
        }

        r.ReadBits(8); // bit_rate_scale, cpb_size_scale
        for (long i = 0; i < cpbCount && !r.HasError; i++)
        {
            r.ReadUe(); // bit_rate_value_minus1
            r.ReadUe(); // cpb_size_value_minus1
            r.ReadBit(); // cbr_flag
        }

        r.ReadBits(20); // four delay/offset length fields, 5 bits each
        return !r.HasError;
    }

    private readonly record struct VuiTiming(uint NumUnitsInTick, uint TimeScale, bool FixedFrameRate);
}

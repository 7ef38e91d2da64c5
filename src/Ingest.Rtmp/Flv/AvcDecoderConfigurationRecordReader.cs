namespace Ingest.Rtmp.Flv;

/// <summary>Validates and slices an AVCDecoderConfigurationRecord.</summary>
internal static class AvcDecoderConfigurationRecordReader
{
    // configurationVersion, profile, compatibility, level, lengthSizeMinusOne.
    private const int HeaderLength = 5;

    public static FlvParseResult<AvcDecoderConfigurationRecord> Read(ReadOnlySpan<byte> input)
    {
        if (input.Length < HeaderLength + 1)
        {
            return Malformed($"AVCDecoderConfigurationRecord is truncated: {input.Length} bytes, need at least {HeaderLength + 1}");
        }

        if (input[0] != 1)
        {
            return Malformed($"AVCDecoderConfigurationRecord has configurationVersion {input[0]}, expected 1");
        }

        // The upper six bits are reserved ('111111') but encoders do not all set them, so only the low two matter.
        var lengthSizeMinusOne = input[4] & 0x03;
        if (lengthSizeMinusOne == 2)
        {
            return Malformed("AVCDecoderConfigurationRecord has lengthSizeMinusOne 2 (3-byte NAL lengths are not allowed)");
        }

        var owned = input.ToArray();
        var memory = new ReadOnlyMemory<byte>(owned);
        var offset = HeaderLength;

        var spsCount = owned[offset++] & 0x1F;
        if (!TryReadParameterSets(memory, ref offset, spsCount, "SPS", out var sps, out var error))
        {
            return Malformed(error);
        }

        if (offset >= owned.Length)
        {
            return Malformed("AVCDecoderConfigurationRecord is truncated before numOfPictureParameterSets");
        }

        var ppsCount = owned[offset++];
        if (!TryReadParameterSets(memory, ref offset, ppsCount, "PPS", out var pps, out error))
        {
            return Malformed(error);
        }

        if (sps.Length == 0 || pps.Length == 0)
        {
            return Malformed($"AVCDecoderConfigurationRecord has {sps.Length} SPS and {pps.Length} PPS; at least one of each is required");
        }

        // Whatever follows (the high-profile chroma/bit-depth/SPS-extension block) is not needed to forward the stream.
        var record = new AvcDecoderConfigurationRecord(memory, owned[1], owned[2], owned[3], lengthSizeMinusOne + 1, sps, pps);
        return FlvParseResult<AvcDecoderConfigurationRecord>.Ok(record);
    }

    private static bool TryReadParameterSets(
        ReadOnlyMemory<byte> record,
        ref int offset,
        int count,
        string kind,
        out ReadOnlyMemory<byte>[] sets,
        out string error)
    {
        sets = count == 0 ? [] : new ReadOnlyMemory<byte>[count];
        var span = record.Span;
        for (var i = 0; i < count; i++)
        {
            if (span.Length - offset < 2)
            {
                error = $"AVCDecoderConfigurationRecord is truncated at the length of {kind} #{i + 1} of {count}";
                return false;
            }

            var length = (span[offset] << 8) | span[offset + 1];
            offset += 2;
            if (length == 0)
            {
                error = $"AVCDecoderConfigurationRecord has an empty {kind} #{i + 1}";
                return false;
            }

            if (span.Length - offset < length)
            {
                error = $"AVCDecoderConfigurationRecord {kind} #{i + 1} declares {length} bytes but only {span.Length - offset} remain";
                return false;
            }

            sets[i] = record.Slice(offset, length);
            offset += length;
        }

        error = string.Empty;
        return true;
    }

    private static FlvParseResult<AvcDecoderConfigurationRecord> Malformed(string reason) =>
        FlvParseResult<AvcDecoderConfigurationRecord>.Fail(FlvParseStatus.Malformed, reason);
}

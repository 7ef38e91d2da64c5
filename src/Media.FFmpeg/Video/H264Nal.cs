using System.Buffers.Binary;

namespace Media.FFmpeg.Video;

/// <summary>Conversions between AVCC (length-prefixed, as RTMP/MP4 carry H.264) and Annex B (start codes, as libavcodec's raw h264 path expects).</summary>
internal static class H264Nal
{
    public const int TypeIdr = 5;
    public const int TypeSps = 7;
    public const int TypePps = 8;

    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    private static ReadOnlySpan<byte> ShortStartCode => [0, 0, 1];

    /// <summary>Validates every length prefix; returns false when a length runs past the end (publisher garbage).</summary>
    public static bool TryMeasureAvcc(ReadOnlySpan<byte> avcc, int nalLengthSize, out int annexBLength, out bool hasIdr)
    {
        annexBLength = 0;
        hasIdr = false;
        if (nalLengthSize is < 1 or > 4 || avcc.IsEmpty)
        {
            return false;
        }

        var position = 0;
        while (position < avcc.Length)
        {
            if (!TryReadLength(avcc, position, nalLengthSize, out var length) || length == 0 || length > avcc.Length - position - nalLengthSize)
            {
                return false;
            }

            position += nalLengthSize;
            hasIdr |= (avcc[position] & 0x1F) == TypeIdr;
            annexBLength += StartCode.Length + length;
            position += length;
        }

        return true;
    }

    /// <summary>Writes one NAL unit with a 4-byte start code; returns the bytes written.</summary>
    public static int WriteAnnexB(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        StartCode.CopyTo(destination);
        nal.CopyTo(destination[StartCode.Length..]);
        return StartCode.Length + nal.Length;
    }

    /// <summary>Rewrites an AVCC access unit already checked by <see cref="TryMeasureAvcc"/>; returns the bytes written.</summary>
    public static int AvccToAnnexB(ReadOnlySpan<byte> avcc, int nalLengthSize, Span<byte> destination)
    {
        var written = 0;
        var position = 0;
        while (position < avcc.Length)
        {
            _ = TryReadLength(avcc, position, nalLengthSize, out var length);
            position += nalLengthSize;
            written += WriteAnnexB(avcc.Slice(position, length), destination[written..]);
            position += length;
        }

        return written;
    }

    /// <summary>Upper bound of <see cref="AnnexBToAvcc"/>'s output: the shortest NAL (3-byte start code + 1 byte) grows from 4 to 5 bytes.</summary>
    public static int MaxAvccLength(int annexBLength) => annexBLength + (annexBLength / 4) + 4;

    /// <summary>Rewrites Annex B as AVCC with 4-byte big-endian lengths; returns the bytes written.</summary>
    public static int AnnexBToAvcc(ReadOnlySpan<byte> annexB, Span<byte> destination)
    {
        var written = 0;
        var start = annexB.IndexOf(ShortStartCode);
        while (start >= 0)
        {
            start += ShortStartCode.Length;
            var next = annexB[start..].IndexOf(ShortStartCode);
            var end = next < 0 ? annexB.Length : start + next;

            // Zero bytes before a start code are the next code's leading zero or trailing_zero_8bits, never NAL payload
            // (a NAL ends in the rbsp stop bit or cabac_zero_word's 0x03).
            var nal = annexB[start..end].TrimEnd((byte)0);
            if (!nal.IsEmpty)
            {
                BinaryPrimitives.WriteInt32BigEndian(destination[written..], nal.Length);
                nal.CopyTo(destination[(written + 4)..]);
                written += 4 + nal.Length;
            }

            start = next < 0 ? -1 : end;
        }

        return written;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> avcc, int position, int nalLengthSize, out int length)
    {
        length = 0;
        if (avcc.Length - position < nalLengthSize)
        {
            return false;
        }

        for (var i = 0; i < nalLengthSize; i++)
        {
            length = (length << 8) | avcc[position + i];
        }

        // A 4-byte prefix above 2^31 would go negative; no real access unit is that large.
        return length >= 0;
    }
}

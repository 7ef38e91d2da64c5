namespace Media.FFmpeg.Tests.Support;

/// <summary>Reads NAL types and slice_type from AVCC access units, independently of FFmpeg.</summary>
public static class H264SliceInfo
{
    /// <summary>Splits an AVCC access unit into its NAL units.</summary>
    public static List<byte[]> Nals(ReadOnlySpan<byte> avcc, int nalLengthSize)
    {
        var nals = new List<byte[]>();
        for (var position = 0; position < avcc.Length;)
        {
            var length = 0;
            for (var i = 0; i < nalLengthSize; i++)
            {
                length = (length << 8) | avcc[position + i];
            }

            position += nalLengthSize;
            nals.Add(avcc.Slice(position, length).ToArray());
            position += length;
        }

        return nals;
    }

    public static int NalType(byte[] nal) => nal[0] & 0x1F;

    /// <summary>slice_type % 5 (0 P, 1 B, 2 I) of a coded slice NAL (types 1 and 5).</summary>
    public static int SliceType(byte[] nal)
    {
        // Emulation prevention: drop the 0x03 of every 00 00 03 before reading Exp-Golomb codes.
        var rbsp = new List<byte>();
        for (var i = 1; i < nal.Length && rbsp.Count < 16; i++)
        {
            if (i >= 3 && nal[i] == 3 && nal[i - 1] == 0 && nal[i - 2] == 0)
            {
                continue;
            }

            rbsp.Add(nal[i]);
        }

        var bit = 0;
        _ = ReadUe(rbsp, ref bit); // first_mb_in_slice
        return ReadUe(rbsp, ref bit) % 5;
    }

    private static int ReadUe(List<byte> data, ref int bit)
    {
        var zeros = 0;
        while (ReadBit(data, ref bit) == 0)
        {
            zeros++;
        }

        var value = 0;
        for (var i = 0; i < zeros; i++)
        {
            value = (value << 1) | ReadBit(data, ref bit);
        }

        return (1 << zeros) - 1 + value;
    }

    private static int ReadBit(List<byte> data, ref int bit)
    {
        var value = (data[bit / 8] >> (7 - (bit % 8))) & 1;
        bit++;
        return value;
    }
}

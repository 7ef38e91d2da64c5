namespace Ingest.Rtmp.Tests.Flv;

/// <summary>Builds bit-packed test vectors from readable "0010 1011" strings, zero-padded to a whole byte.</summary>
public static class Bits
{
    /// <summary>Packs MSB-first; spaces and underscores are ignored.</summary>
    public static byte[] Pack(string bits)
    {
        var digits = bits.Where(c => c is '0' or '1').ToArray();
        var bytes = new byte[(digits.Length + 7) / 8];
        for (var i = 0; i < digits.Length; i++)
        {
            if (digits[i] == '1')
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return bytes;
    }

    /// <summary>Formats the low <paramref name="count"/> bits of <paramref name="value"/> MSB-first.</summary>
    public static string Of(int value, int count) => Convert.ToString(value, 2).PadLeft(count, '0');
}

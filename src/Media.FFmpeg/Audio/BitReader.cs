namespace Media.FFmpeg.Audio;

/// <summary>MSB-first bit reader for the few AudioSpecificConfig fields.</summary>
internal ref struct BitReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int bitPosition;

    public int Read(int bits)
    {
        if (bitPosition + bits > data.Length * 8)
        {
            throw new FormatException("AudioSpecificConfig is truncated.");
        }

        var value = 0;
        for (var i = 0; i < bits; i++, bitPosition++)
        {
            value = (value << 1) | ((data[bitPosition >> 3] >> (7 - (bitPosition & 7))) & 1);
        }

        return value;
    }
}

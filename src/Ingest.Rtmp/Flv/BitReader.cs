namespace Ingest.Rtmp.Flv;

/// <summary>MSB-first bit reader that reports running out of data instead of throwing.</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private long _position;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly long BitsRemaining => ((long)_data.Length * 8) - _position;

    /// <summary>Reads up to 31 bits; on failure the position is unchanged.</summary>
    public bool TryRead(int count, out int value)
    {
        value = 0;
        if (count is < 0 or > 31 || count > BitsRemaining)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var bit = (_data[(int)(_position >> 3)] >> (7 - (int)(_position & 7))) & 1;
            value = (value << 1) | bit;
            _position++;
        }

        return true;
    }
}

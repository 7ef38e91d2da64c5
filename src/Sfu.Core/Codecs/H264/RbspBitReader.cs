namespace Sfu.Core.Codecs.H264;

/// <summary>MSB-first bit reader over a NAL unit payload that drops emulation-prevention bytes as it goes.</summary>
/// <remarks>
/// Reading past the end or decoding an over-long Exp-Golomb code sets <see cref="HasError"/> and yields
/// zeros instead of throwing, so a parser can run straight through and check the flag at the end.
/// </remarks>
internal ref struct RbspBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _zeroRun;
    private int _current;
    private int _bitsLeft;

    public RbspBitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public bool HasError { get; private set; }

    public uint ReadBit()
    {
        if (_bitsLeft == 0 && !LoadByte())
        {
            return 0;
        }

        _bitsLeft--;
        return (uint)(_current >> _bitsLeft) & 1;
    }

    public bool ReadFlag() => ReadBit() != 0;

    public uint ReadBits(int count)
    {
        uint value = 0;
        for (int i = 0; i < count; i++)
        {
            value = (value << 1) | ReadBit();
        }

        return value;
    }

    /// <summary>ue(v). Codes longer than 32 bits cannot be a valid SPS field and are reported as errors.</summary>
    public uint ReadUe()
    {
        int leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (HasError || ++leadingZeros > 31)
            {
                HasError = true;
                return 0;
            }
        }

        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    /// <summary>se(v): code k maps to (-1)^(k+1) * ceil(k / 2).</summary>
    public int ReadSe()
    {
        long codeNum = ReadUe();
        return (int)((codeNum & 1) != 0 ? (codeNum + 1) / 2 : -(codeNum / 2));
    }

    private bool LoadByte()
    {
        if (_position >= _data.Length)
        {
            HasError = true;
            return false;
        }

        int value = _data[_position++];
        if (_zeroRun >= 2 && value == 3)
        {
            // 00 00 03 is an escape inserted by the encoder; the 03 is not part of the RBSP.
            _zeroRun = 0;
            if (_position >= _data.Length)
            {
                HasError = true;
                return false;
            }

            value = _data[_position++];
        }

        _zeroRun = value == 0 ? _zeroRun + 1 : 0;
        _current = value;
        _bitsLeft = 8;
        return true;
    }
}

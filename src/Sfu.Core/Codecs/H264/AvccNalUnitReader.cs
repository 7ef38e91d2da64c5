namespace Sfu.Core.Codecs.H264;

/// <summary>Walks the length-prefixed NAL units of an AVCC (ISO/IEC 14496-15) access unit without copying.</summary>
/// <remarks>
/// Loop with <c>while (reader.MoveNext())</c> and check <see cref="IsMalformed"/> afterwards: a length that runs
/// past the end, a dangling partial length field or an unsupported length size stops the walk and sets the flag.
/// Zero-length entries are skipped. There is deliberately no GetEnumerator: foreach would work on a copy and hide
/// the flag.
/// </remarks>
public ref struct AvccNalUnitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _lengthSize;
    private int _offset;

    /// <summary>Creates a reader; <paramref name="nalLengthSize"/> is lengthSizeMinusOne + 1 from the avcC record.</summary>
    public AvccNalUnitReader(ReadOnlySpan<byte> accessUnit, int nalLengthSize)
    {
        _data = accessUnit;
        _lengthSize = nalLengthSize;

        // avcC only allows 1, 2 and 4; 3 is harmless to accept and some muxers write it.
        IsMalformed = nalLengthSize is < 1 or > 4;
    }

    /// <summary>The NAL unit (header byte first) found by the last successful <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Offset of <see cref="Current"/> within the access unit.</summary>
    public int CurrentOffset { get; private set; }

    /// <summary>True once the input was found to be inconsistent; no further NAL units are returned.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Returns true if every length prefix in <paramref name="accessUnit"/> is consistent.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> accessUnit, int nalLengthSize)
    {
        var reader = new AvccNalUnitReader(accessUnit, nalLengthSize);
        while (reader.MoveNext())
        {
        }

        return !reader.IsMalformed;
    }

    /// <summary>Advances to the next non-empty NAL unit; false at the end or on malformed input.</summary>
    public bool MoveNext()
    {
        while (!IsMalformed && _offset < _data.Length)
        {
            if (_data.Length - _offset < _lengthSize)
            {
                IsMalformed = true;
                break;
            }

            uint length = 0;
            for (int i = 0; i < _lengthSize; i++)
            {
                length = (length << 8) | _data[_offset + i];
            }

            _offset += _lengthSize;
            if (length > (uint)(_data.Length - _offset))
            {
                IsMalformed = true;
                break;
            }

            if (length == 0)
            {
                continue;
            }

            CurrentOffset = _offset;
            Current = _data.Slice(_offset, (int)length);
            _offset += (int)length;
            return true;
        }

        Current = default;
        return false;
    }
}

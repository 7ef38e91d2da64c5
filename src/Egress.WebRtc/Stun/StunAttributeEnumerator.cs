using System.Buffers.Binary;

namespace Egress.WebRtc.Stun;

/// <summary>Walks the TLV attributes of a STUN message; stops and flags <see cref="Malformed"/> on a bad length.</summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunMessage.HeaderLength;
        _current = default;
        Malformed = false;
    }

    /// <summary>Gets the attribute at the current position.</summary>
    public readonly StunAttribute Current => _current;

    /// <summary>Gets a value indicating whether enumeration stopped at a truncated or overlong attribute.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Returns this enumerator so it can be used with foreach.</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next attribute.</summary>
    public bool MoveNext()
    {
        var remaining = _message.Length - _next;
        if (remaining <= 0 || Malformed)
        {
            return false;
        }

        if (remaining < 4)
        {
            Malformed = true;
            return false;
        }

        var header = _message[_next..];
        var type = BinaryPrimitives.ReadUInt16BigEndian(header);
        int length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        var padded = (length + 3) & ~3;

        // The padding of the last attribute is counted in the message length (RFC 8489 §14), so it must fit too.
        if (padded > remaining - 4)
        {
            Malformed = true;
            return false;
        }

        _current = new StunAttribute((StunAttributeType)type, _next, header.Slice(4, length));
        _next += 4 + padded;
        return true;
    }
}

using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;

namespace Egress.WebRtc.Stun;

/// <summary>A validated, zero-copy view of one STUN message (RFC 8489) with the ICE attributes located.</summary>
public readonly ref struct StunMessage
{
    /// <summary>The fixed magic cookie that distinguishes RFC 5389+ STUN.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Length of the fixed STUN header.</summary>
    public const int HeaderLength = 20;

    /// <summary>Length of the transaction id.</summary>
    public const int TransactionIdLength = 12;

    private const int Absent = StunAttributeIndex.Absent;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly StunAttributeIndex _index;

    private StunMessage(ReadOnlySpan<byte> buffer, StunAttributeIndex index)
    {
        _buffer = buffer;
        _index = index;
    }

    /// <summary>Gets the message type.</summary>
    public StunMessageType Type => (StunMessageType)BinaryPrimitives.ReadUInt16BigEndian(_buffer);

    /// <summary>Gets the whole message, header included.</summary>
    public ReadOnlySpan<byte> Raw => _buffer;

    /// <summary>Gets the total length in bytes, header included.</summary>
    public int Length => _buffer.Length;

    /// <summary>Gets the 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _buffer.Slice(8, TransactionIdLength);

    /// <summary>Gets a value indicating whether a USERNAME attribute is present.</summary>
    public bool HasUsername => _index.Username != Absent;

    /// <summary>Gets the USERNAME value as raw UTF-8, or empty when absent.</summary>
    public ReadOnlySpan<byte> Username => HasUsername ? ValueAt(_index.Username) : default;

    /// <summary>Gets a value indicating whether MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => _index.Integrity != Absent;

    /// <summary>Gets a value indicating whether FINGERPRINT is present (it is then the last attribute).</summary>
    public bool HasFingerprint => _index.Fingerprint != Absent;

    /// <summary>Gets a value indicating whether USE-CANDIDATE is present.</summary>
    public bool UseCandidate => _index.UseCandidate;

    /// <summary>Gets the first comprehension-required attribute this reader does not know, or 0 when none.</summary>
    public ushort UnknownComprehensionRequiredAttribute => _index.UnknownRequired;

    /// <summary>Quick RFC 7983 demultiplexing test: first byte 0..3, room for a header and the magic cookie.</summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram)
        => datagram.Length >= HeaderLength
            && datagram[0] <= 3
            && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>Parses and structurally validates a datagram that must hold exactly one STUN message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        // IsStun's first-byte range also guarantees the two leading zero bits of RFC 8489 §5.
        if (!IsStun(datagram))
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((bodyLength & 3) != 0 || datagram.Length != HeaderLength + bodyLength)
        {
            return false;
        }

        if (!StunAttributeIndex.TryBuild(datagram, out var index))
        {
            return false;
        }

        message = new StunMessage(datagram, index);
        return true;
    }

    /// <summary>Parses <paramref name="message"/> and checks its MESSAGE-INTEGRITY against <paramref name="key"/>.</summary>
    public static bool VerifyMessageIntegrity(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key)
        => TryParse(message, out var parsed) && parsed.VerifyMessageIntegrity(key);

    /// <summary>Parses <paramref name="message"/> and checks its FINGERPRINT.</summary>
    public static bool VerifyFingerprint(ReadOnlySpan<byte> message)
        => TryParse(message, out var parsed) && parsed.VerifyFingerprint();

    /// <summary>Checks MESSAGE-INTEGRITY in constant time; for ICE the key is the UTF-8 password of the receiving agent.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (!HasMessageIntegrity)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[StunChecksums.HmacLength];
        StunChecksums.ComputeIntegrity(_buffer, _index.Integrity, key, expected);
        return CryptographicOperations.FixedTimeEquals(expected, _buffer.Slice(_index.Integrity + 4, StunChecksums.HmacLength));
    }

    /// <summary>Checks the FINGERPRINT CRC-32.</summary>
    public bool VerifyFingerprint()
    {
        if (!HasFingerprint)
        {
            return false;
        }

        var expected = StunChecksums.ComputeFingerprint(_buffer[.._index.Fingerprint]);
        Span<byte> expectedBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(expectedBytes, expected);
        return CryptographicOperations.FixedTimeEquals(expectedBytes, _buffer.Slice(_index.Fingerprint + 4, 4));
    }

    /// <summary>Gets the part of USERNAME before ':'; for requests to us that is our own ufrag, the routing key.</summary>
    public bool TryGetLocalUfrag(out ReadOnlySpan<byte> ufrag)
    {
        ufrag = default;
        return HasUsername && StunUsername.TrySplit(Username, out ufrag, out _);
    }

    /// <summary>Gets PRIORITY.</summary>
    public bool TryGetPriority(out uint priority)
    {
        priority = _index.Priority == Absent ? 0 : BinaryPrimitives.ReadUInt32BigEndian(ValueAt(_index.Priority));
        return _index.Priority != Absent;
    }

    /// <summary>Gets the ICE-CONTROLLING tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker)
    {
        tieBreaker = _index.Controlling == Absent ? 0 : BinaryPrimitives.ReadUInt64BigEndian(ValueAt(_index.Controlling));
        return _index.Controlling != Absent;
    }

    /// <summary>Gets the ICE-CONTROLLED tie-breaker.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker)
    {
        tieBreaker = _index.Controlled == Absent ? 0 : BinaryPrimitives.ReadUInt64BigEndian(ValueAt(_index.Controlled));
        return _index.Controlled != Absent;
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS into raw bytes (<paramref name="address"/> needs 16 bytes) without allocating.</summary>
    public bool TryGetXorMappedAddress(Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        return _index.XorMapped != Absent
            && StunAddressCodec.TryReadXorValue(ValueAt(_index.XorMapped), TransactionId, address, out addressLength, out port);
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS (allocates; meant for client-side and diagnostic use).</summary>
    public bool TryGetXorMappedAddress([NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        endPoint = TryGetXorMappedAddress(address, out var length, out var port)
            ? new IPEndPoint(new IPAddress(address[..length]), port)
            : null;
        return endPoint is not null;
    }

    /// <summary>Gets ERROR-CODE as a number (e.g. 401) and its UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (_index.ErrorCode == Absent)
        {
            return false;
        }

        var value = ValueAt(_index.ErrorCode);
        code = ((value[2] & 0x07) * 100) + value[3];
        reason = value[4..];
        return true;
    }

    /// <summary>Enumerates every attribute in wire order, including those after MESSAGE-INTEGRITY.</summary>
    public StunAttributeEnumerator GetAttributes() => new(_buffer);

    private ReadOnlySpan<byte> ValueAt(int attributeOffset)
        => _buffer.Slice(attributeOffset + 4, BinaryPrimitives.ReadUInt16BigEndian(_buffer[(attributeOffset + 2)..]));
}

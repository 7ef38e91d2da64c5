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

    // RFC 8489 §14.3 caps USERNAME below 509 bytes; ICE's "ufrag:ufrag" can reach 513, so allow that.
    private const int MaxUsernameLength = 513;
    private const int Absent = -1;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _username;
    private readonly int _integrity;
    private readonly int _fingerprint;
    private readonly int _priority;
    private readonly int _controlling;
    private readonly int _controlled;
    private readonly int _xorMapped;
    private readonly int _errorCode;
    private readonly bool _useCandidate;
    private readonly ushort _unknownRequired;

    private StunMessage(ReadOnlySpan<byte> buffer, AttributeOffsets offsets)
    {
        _buffer = buffer;
        _username = offsets.Username;
        _integrity = offsets.Integrity;
        _fingerprint = offsets.Fingerprint;
        _priority = offsets.Priority;
        _controlling = offsets.Controlling;
        _controlled = offsets.Controlled;
        _xorMapped = offsets.XorMapped;
        _errorCode = offsets.ErrorCode;
        _useCandidate = offsets.UseCandidate;
        _unknownRequired = offsets.UnknownRequired;
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
    public bool HasUsername => _username != Absent;

    /// <summary>Gets the USERNAME value as raw UTF-8, or empty when absent.</summary>
    public ReadOnlySpan<byte> Username => HasUsername ? ValueAt(_username) : default;

    /// <summary>Gets a value indicating whether MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => _integrity != Absent;

    /// <summary>Gets a value indicating whether FINGERPRINT is present (it is then the last attribute).</summary>
    public bool HasFingerprint => _fingerprint != Absent;

    /// <summary>Gets a value indicating whether USE-CANDIDATE is present.</summary>
    public bool UseCandidate => _useCandidate;

    /// <summary>Gets the first comprehension-required attribute this reader does not know, or 0 when none.</summary>
    public ushort UnknownComprehensionRequiredAttribute => _unknownRequired;

    /// <summary>Quick RFC 7983 demultiplexing test: first byte 0..3, room for a header and the magic cookie.</summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram)
        => datagram.Length >= HeaderLength
            && datagram[0] <= 3
            && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>Parses and structurally validates a datagram that must hold exactly one STUN message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (!IsStun(datagram) || (datagram[0] & 0xC0) != 0)
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((bodyLength & 3) != 0 || datagram.Length != HeaderLength + bodyLength)
        {
            return false;
        }

        var offsets = AttributeOffsets.Empty;
        if (!IndexAttributes(datagram, ref offsets))
        {
            return false;
        }

        message = new StunMessage(datagram, offsets);
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
        StunChecksums.ComputeIntegrity(_buffer, _integrity, key, expected);
        return CryptographicOperations.FixedTimeEquals(expected, _buffer.Slice(_integrity + 4, StunChecksums.HmacLength));
    }

    /// <summary>Checks the FINGERPRINT CRC-32.</summary>
    public bool VerifyFingerprint()
    {
        if (!HasFingerprint)
        {
            return false;
        }

        var expected = StunChecksums.ComputeFingerprint(_buffer[.._fingerprint]);
        Span<byte> expectedBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(expectedBytes, expected);
        return CryptographicOperations.FixedTimeEquals(expectedBytes, _buffer.Slice(_fingerprint + 4, 4));
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
        priority = _priority == Absent ? 0 : BinaryPrimitives.ReadUInt32BigEndian(ValueAt(_priority));
        return _priority != Absent;
    }

    /// <summary>Gets the ICE-CONTROLLING tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker)
    {
        tieBreaker = _controlling == Absent ? 0 : BinaryPrimitives.ReadUInt64BigEndian(ValueAt(_controlling));
        return _controlling != Absent;
    }

    /// <summary>Gets the ICE-CONTROLLED tie-breaker.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker)
    {
        tieBreaker = _controlled == Absent ? 0 : BinaryPrimitives.ReadUInt64BigEndian(ValueAt(_controlled));
        return _controlled != Absent;
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS into raw bytes (<paramref name="address"/> needs 16 bytes) without allocating.</summary>
    public bool TryGetXorMappedAddress(Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        return _xorMapped != Absent
            && StunAddressCodec.TryReadXorValue(ValueAt(_xorMapped), TransactionId, address, out addressLength, out port);
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
        if (_errorCode == Absent)
        {
            return false;
        }

        var value = ValueAt(_errorCode);
        code = ((value[2] & 0x07) * 100) + value[3];
        reason = value[4..];
        return true;
    }

    /// <summary>Enumerates every attribute in wire order, including those after MESSAGE-INTEGRITY.</summary>
    public StunAttributeEnumerator GetAttributes() => new(_buffer);

    private ReadOnlySpan<byte> ValueAt(int attributeOffset)
        => _buffer.Slice(attributeOffset + 4, BinaryPrimitives.ReadUInt16BigEndian(_buffer[(attributeOffset + 2)..]));

    private static bool IndexAttributes(ReadOnlySpan<byte> message, ref AttributeOffsets offsets)
    {
        var enumerator = new StunAttributeEnumerator(message);
        while (enumerator.MoveNext())
        {
            var attribute = enumerator.Current;
            if (offsets.Fingerprint != Absent)
            {
                // FINGERPRINT must be last (RFC 8489 §14.7).
                return false;
            }

            if (!Index(attribute, ref offsets))
            {
                return false;
            }
        }

        return !enumerator.Malformed;
    }

    private static bool Index(StunAttribute attribute, ref AttributeOffsets offsets)
    {
        var length = attribute.Value.Length;
        var type = attribute.Type;
        if (type == StunAttributeType.Fingerprint)
        {
            offsets.Fingerprint = attribute.Offset;
            return length == 4;
        }

        if (offsets.Integrity != Absent)
        {
            // RFC 8489 §14.5: everything between MESSAGE-INTEGRITY and FINGERPRINT is unauthenticated; ignore it.
            return true;
        }

        return type switch
        {
            StunAttributeType.Username => Record(ref offsets.Username, attribute, length <= MaxUsernameLength),
            StunAttributeType.MessageIntegrity => Record(ref offsets.Integrity, attribute, length == StunChecksums.HmacLength),
            StunAttributeType.Priority => Record(ref offsets.Priority, attribute, length == 4),
            StunAttributeType.IceControlling => Record(ref offsets.Controlling, attribute, length == 8),
            StunAttributeType.IceControlled => Record(ref offsets.Controlled, attribute, length == 8),
            StunAttributeType.XorMappedAddress => Record(ref offsets.XorMapped, attribute, IsValidAddress(attribute.Value)),
            StunAttributeType.ErrorCode => Record(ref offsets.ErrorCode, attribute, IsValidErrorCode(attribute.Value)),
            StunAttributeType.UseCandidate => RecordFlag(ref offsets.UseCandidate, length == 0),
            _ => RecordUnknown(ref offsets.UnknownRequired, (ushort)type),
        };
    }

    private static bool Record(ref int slot, StunAttribute attribute, bool valid)
    {
        // Only the first occurrence counts (RFC 8489 §14); a malformed known attribute rejects the message.
        if (slot == Absent)
        {
            slot = attribute.Offset;
        }

        return valid;
    }

    private static bool RecordFlag(ref bool flag, bool valid)
    {
        flag = true;
        return valid;
    }

    private static bool RecordUnknown(ref ushort slot, ushort type)
    {
        if (type < 0x8000 && !IsKnownButUnindexed(type) && slot == 0)
        {
            slot = type;
        }

        return true;
    }

    private static bool IsKnownButUnindexed(ushort type) => (StunAttributeType)type is StunAttributeType.MappedAddress
        or StunAttributeType.UnknownAttributes or StunAttributeType.Realm or StunAttributeType.Nonce
        or StunAttributeType.MessageIntegritySha256 or StunAttributeType.PasswordAlgorithm or StunAttributeType.UserHash;

    private static bool IsValidAddress(ReadOnlySpan<byte> value)
        => (value.Length == StunAddressCodec.IPv4ValueLength && value[1] == StunAddressCodec.FamilyIPv4)
            || (value.Length == StunAddressCodec.IPv6ValueLength && value[1] == StunAddressCodec.FamilyIPv6);

    private static bool IsValidErrorCode(ReadOnlySpan<byte> value)
        => value.Length >= 4 && (value[2] & 0x07) is >= 3 and <= 6 && value[3] <= 99;

    private struct AttributeOffsets
    {
        public int Username;
        public int Integrity;
        public int Fingerprint;
        public int Priority;
        public int Controlling;
        public int Controlled;
        public int XorMapped;
        public int ErrorCode;
        public bool UseCandidate;
        public ushort UnknownRequired;

        public static AttributeOffsets Empty => new()
        {
            Username = Absent,
            Integrity = Absent,
            Fingerprint = Absent,
            Priority = Absent,
            Controlling = Absent,
            Controlled = Absent,
            XorMapped = Absent,
            ErrorCode = Absent,
        };
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Egress.WebRtc.Stun;

/// <summary>Builds a STUN message attribute by attribute into a caller-provided buffer without allocating.</summary>
/// <remarks>Throws <see cref="ArgumentException"/> when the buffer is too small: size it with the constants on <see cref="StunBinding"/>.</remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _hasIntegrity;
    private bool _hasFingerprint;

    /// <summary>Initializes a new instance of the <see cref="StunMessageWriter"/> struct and writes the header.</summary>
    public StunMessageWriter(Span<byte> destination, StunMessageType type, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        }

        EnsureRoom(destination.Length, StunMessage.HeaderLength);
        _buffer = destination;
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(destination[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Gets the number of bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Gets the bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Fills <paramref name="destination"/> (12 bytes) with a cryptographically random transaction id.</summary>
    public static void GenerateTransactionId(Span<byte> destination)
        => RandomNumberGenerator.Fill(destination[..StunMessage.TransactionIdLength]);

    /// <summary>Adds USERNAME from UTF-8 bytes.</summary>
    public void AddUsername(scoped ReadOnlySpan<byte> utf8) => AddRaw(StunAttributeType.Username, utf8);

    /// <summary>Adds USERNAME, encoding it as UTF-8 straight into the buffer.</summary>
    public void AddUsername(scoped ReadOnlySpan<char> username)
    {
        var value = Begin(StunAttributeType.Username, Encoding.UTF8.GetByteCount(username));
        Encoding.UTF8.GetBytes(username, value);
    }

    /// <summary>Adds PRIORITY.</summary>
    public void AddPriority(uint priority)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Begin(StunAttributeType.Priority, 4), priority);
    }

    /// <summary>Adds the empty USE-CANDIDATE flag.</summary>
    public void AddUseCandidate()
    {
        Begin(StunAttributeType.UseCandidate, 0);
    }

    /// <summary>Adds ICE-CONTROLLING with its tie-breaker.</summary>
    public void AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    /// <summary>Adds ICE-CONTROLLED with its tie-breaker.</summary>
    public void AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>Adds XOR-MAPPED-ADDRESS from raw address bytes (4 or 16) and a port.</summary>
    public void AddXorMappedAddress(scoped ReadOnlySpan<byte> address, ushort port)
    {
        if (address.Length is not (4 or 16))
        {
            throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(address));
        }

        var value = Begin(StunAttributeType.XorMappedAddress, 4 + address.Length);
        StunAddressCodec.WriteXorValue(value, address, port, _buffer.Slice(8, StunMessage.TransactionIdLength));
    }

    /// <summary>Adds XOR-MAPPED-ADDRESS for the sender of a datagram, as reported by Socket.ReceiveFrom.</summary>
    public void AddXorMappedAddress(SocketAddress remote)
    {
        Span<byte> address = stackalloc byte[16];
        if (!StunAddressCodec.TryRead(remote, address, out var length, out var port))
        {
            throw new ArgumentException("Only IPv4 and IPv6 socket addresses can be mapped.", nameof(remote));
        }

        AddXorMappedAddress(address[..length], port);
    }

    /// <summary>Adds XOR-MAPPED-ADDRESS for an endpoint.</summary>
    public void AddXorMappedAddress(IPEndPoint remote)
    {
        Span<byte> address = stackalloc byte[16];
        if (!StunAddressCodec.TryRead(remote, address, out var length, out var port))
        {
            throw new ArgumentException("Only IPv4 and IPv6 endpoints can be mapped.", nameof(remote));
        }

        AddXorMappedAddress(address[..length], port);
    }

    /// <summary>Adds ERROR-CODE with the standard reason phrase for <paramref name="code"/>.</summary>
    public void AddErrorCode(StunErrorCode code)
    {
        var number = (int)code;
        if (number is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300..699.");
        }

        var reason = ReasonPhrase(code);
        var value = Begin(StunAttributeType.ErrorCode, 4 + reason.Length);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(number / 100);
        value[3] = (byte)(number % 100);
        reason.CopyTo(value[4..]);
    }

    /// <summary>Adds an arbitrary attribute; known ICE attributes should use the typed methods.</summary>
    public void AddRaw(StunAttributeType type, scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(Begin(type, value.Length));
    }

    /// <summary>Adds MESSAGE-INTEGRITY (HMAC-SHA1 keyed with the UTF-8 ICE password for short-term credentials).</summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        var offset = _length;
        Begin(StunAttributeType.MessageIntegrity, StunChecksums.HmacLength);
        _hasIntegrity = true;
        StunChecksums.WriteIntegrity(_buffer, offset, key);
    }

    /// <summary>Adds FINGERPRINT; it must be the last attribute.</summary>
    public void AddFingerprint()
    {
        var offset = _length;
        var value = Begin(StunAttributeType.Fingerprint, 4);
        _hasFingerprint = true;
        BinaryPrimitives.WriteUInt32BigEndian(value, StunChecksums.ComputeFingerprint(_buffer[..offset]));
    }

    private static ReadOnlySpan<byte> ReasonPhrase(StunErrorCode code) => code switch
    {
        StunErrorCode.BadRequest => "Bad Request"u8,
        StunErrorCode.Unauthorized => "Unauthorized"u8,
        StunErrorCode.UnknownAttribute => "Unknown Attribute"u8,
        StunErrorCode.RoleConflict => "Role Conflict"u8,
        StunErrorCode.ServerError => "Server Error"u8,
        _ => ""u8,
    };

    private static void EnsureRoom(int available, int needed)
    {
        if (available < needed)
        {
            throw new ArgumentException($"STUN buffer too small: need {needed} bytes, have {available}.");
        }
    }

    private void AddUInt64(StunAttributeType type, ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(Begin(type, 8), value);
    }

    private Span<byte> Begin(StunAttributeType type, int valueLength)
    {
        if (_hasFingerprint || (_hasIntegrity && type != StunAttributeType.Fingerprint))
        {
            throw new InvalidOperationException("Only FINGERPRINT may follow MESSAGE-INTEGRITY, and nothing may follow FINGERPRINT.");
        }

        if (valueLength > ushort.MaxValue)
        {
            throw new ArgumentException("STUN attribute value too long.");
        }

        var padded = (valueLength + 3) & ~3;
        EnsureRoom(_buffer.Length - _length, 4 + padded);
        var header = _buffer[_length..];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)valueLength);

        // Padding content is arbitrary per RFC 8489 §14 but zeroing keeps output deterministic.
        header.Slice(4 + valueLength, padded - valueLength).Clear();
        _length += 4 + padded;

        // The header length always covers what is written, which is exactly what MI and FINGERPRINT need.
        StunChecksums.PatchLength(_buffer, _length);
        return header.Slice(4, valueLength);
    }
}

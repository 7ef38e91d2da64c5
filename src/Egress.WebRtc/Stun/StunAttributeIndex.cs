namespace Egress.WebRtc.Stun;

/// <summary>Offsets of the first occurrence of each ICE attribute, found in one validating pass over a message.</summary>
internal struct StunAttributeIndex
{
    public const int Absent = -1;

    // RFC 8489 §14.3 caps USERNAME below 509 bytes; ICE's "ufrag:ufrag" can reach 513, so allow that.
    private const int MaxUsernameLength = 513;

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

    /// <summary>Walks the attributes of a message whose header is already validated.</summary>
    public static bool TryBuild(ReadOnlySpan<byte> message, out StunAttributeIndex index)
    {
        index = new StunAttributeIndex
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
        var enumerator = new StunAttributeEnumerator(message);
        while (enumerator.MoveNext())
        {
            // FINGERPRINT must be last (RFC 8489 §14.7).
            if (index.Fingerprint != Absent || !index.Add(enumerator.Current))
            {
                return false;
            }
        }

        return !enumerator.Malformed;
    }

    private bool Add(StunAttribute attribute)
    {
        var length = attribute.Value.Length;
        var type = attribute.Type;
        if (type == StunAttributeType.Fingerprint)
        {
            Fingerprint = attribute.Offset;
            return length == 4;
        }

        if (Integrity != Absent)
        {
            // RFC 8489 §14.5: everything between MESSAGE-INTEGRITY and FINGERPRINT is unauthenticated; ignore it.
            return true;
        }

        return type switch
        {
            StunAttributeType.Username => Record(ref Username, attribute, length <= MaxUsernameLength),
            StunAttributeType.MessageIntegrity => Record(ref Integrity, attribute, length == StunChecksums.HmacLength),
            StunAttributeType.Priority => Record(ref Priority, attribute, length == 4),
            StunAttributeType.IceControlling => Record(ref Controlling, attribute, length == 8),
            StunAttributeType.IceControlled => Record(ref Controlled, attribute, length == 8),
            StunAttributeType.XorMappedAddress => Record(ref XorMapped, attribute, IsValidAddress(attribute.Value)),
            StunAttributeType.ErrorCode => Record(ref ErrorCode, attribute, IsValidErrorCode(attribute.Value)),
            StunAttributeType.UseCandidate => RecordFlag(ref UseCandidate, length == 0),
            _ => RecordUnknown(ref UnknownRequired, (ushort)type),
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
}

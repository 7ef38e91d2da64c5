using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Egress.WebRtc.Stun;

/// <summary>Encodes and decodes (XOR-)MAPPED-ADDRESS values and reads raw socket addresses without allocating.</summary>
internal static class StunAddressCodec
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;
    public const int IPv4ValueLength = 8;
    public const int IPv6ValueLength = 20;

    /// <summary>Writes an XOR-MAPPED-ADDRESS value; <paramref name="address"/> is 4 or 16 bytes in network order.</summary>
    public static int WriteXorValue(Span<byte> value, ReadOnlySpan<byte> address, ushort port, ReadOnlySpan<byte> transactionId)
    {
        value[0] = 0;
        value[1] = address.Length == 4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (StunMessage.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        FillMask(mask, transactionId);
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }

        return 4 + address.Length;
    }

    /// <summary>Decodes an XOR-MAPPED-ADDRESS value into <paramref name="address"/> (16 bytes of room).</summary>
    public static bool TryReadXorValue(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = value.Length switch
        {
            IPv4ValueLength when value[1] == FamilyIPv4 => 4,
            IPv6ValueLength when value[1] == FamilyIPv6 => 16,
            _ => 0,
        };
        port = 0;
        if (addressLength == 0)
        {
            return false;
        }

        port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunMessage.MagicCookie >> 16));
        Span<byte> mask = stackalloc byte[16];
        FillMask(mask, transactionId);
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return true;
    }

    /// <summary>Extracts address bytes and port from a raw socket address as filled by Socket.ReceiveFrom.</summary>
    public static bool TryRead(SocketAddress socketAddress, Span<byte> address, out int addressLength, out ushort port)
    {
        // sockaddr_in / sockaddr_in6 share this layout on Linux, Windows and the BSDs: port at offset 2 in
        // network order, IPv4 address at 4, IPv6 address at 8. Reading it directly avoids an IPEndPoint per packet.
        var raw = socketAddress.Buffer.Span[..socketAddress.Size];
        addressLength = 0;
        port = 0;
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when raw.Length >= 8:
                raw.Slice(4, 4).CopyTo(address);
                addressLength = 4;
                break;
            case AddressFamily.InterNetworkV6 when raw.Length >= 24:
                raw.Slice(8, 16).CopyTo(address);
                addressLength = 16;
                break;
            default:
                return false;
        }

        port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
        addressLength = UnmapIPv4(address, addressLength);
        return true;
    }

    public static bool TryRead(IPEndPoint endPoint, Span<byte> address, out int addressLength, out ushort port)
    {
        port = (ushort)endPoint.Port;
        if (!endPoint.Address.TryWriteBytes(address, out addressLength))
        {
            return false;
        }

        addressLength = UnmapIPv4(address, addressLength);
        return true;
    }

    /// <summary>Turns ::ffff:a.b.c.d into a.b.c.d in place.</summary>
    private static int UnmapIPv4(Span<byte> address, int addressLength)
    {
        // A dual-stack socket reports IPv4 peers as mapped IPv6; the peer itself sent from IPv4 and
        // expects an IPv4 XOR-MAPPED-ADDRESS (a mismatch makes browsers learn a bogus prflx candidate).
        if (addressLength == 16
            && !address[..10].ContainsAnyExcept((byte)0)
            && address[10] == 0xFF
            && address[11] == 0xFF)
        {
            address.Slice(12, 4).CopyTo(address);
            return 4;
        }

        return addressLength;
    }

    private static void FillMask(Span<byte> mask, ReadOnlySpan<byte> transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.CopyTo(mask[4..]);
    }
}

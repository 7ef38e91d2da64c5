using System.Buffers.Binary;
using Egress.WebRtc.Srtp;

namespace Egress.WebRtc.Tests.Srtp;

/// <summary>Builds RTP/RTCP test packets and matched sender/receiver contexts.</summary>
internal static class TestPackets
{
    /// <summary>Room for the largest trailer (GCM SRTCP: 16-byte tag + 4-byte index).</summary>
    public const int Spare = 20;

    public static readonly SrtpProtectionProfile[] Profiles =
        [SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80];

    public static TheoryData<SrtpProtectionProfile> AllProfiles => [.. Profiles];

    public static SrtpMasterKey MasterKey(SrtpProtectionProfile profile, byte seed = 1)
    {
        var key = new byte[profile.MasterKeyLength()];
        var salt = new byte[profile.MasterSaltLength()];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 7));
        }

        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(seed + 100 + (i * 13));
        }

        return new SrtpMasterKey(key, salt);
    }

    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProtectionProfile profile, byte seed = 1)
    {
        var key = MasterKey(profile, seed);
        return (new SrtpContext(profile, key), new SrtpContext(profile, key));
    }

    /// <summary>An RTP packet with <see cref="Spare"/> bytes of room after it; extensionWords &lt; 0 means no extension.</summary>
    public static byte[] Rtp(ushort sequence, uint ssrc, byte[] payload, int csrcCount = 0, int extensionWords = -1)
    {
        var headerLength = 12 + (4 * csrcCount) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        var buffer = new byte[headerLength + payload.Length + Spare];
        buffer[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        for (var i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(12 + (4 * i)), 0x1000u + (uint)i);
        }

        if (extensionWords >= 0)
        {
            var at = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at + 2), (ushort)extensionWords);
            buffer.AsSpan(at + 4, 4 * extensionWords).Fill(0x5A);
        }

        payload.CopyTo(buffer, headerLength);
        return buffer;
    }

    public static int RtpLength(byte[] buffer) => buffer.Length - Spare;

    public static byte[] Payload(int length, byte seed = 0)
    {
        var payload = new byte[length];
        for (var i = 0; i < length; i++)
        {
            payload[i] = (byte)(seed + i);
        }

        return payload;
    }

    /// <summary>A sender report header followed by <paramref name="bodyLength"/> bytes, with <see cref="Spare"/> bytes of room.</summary>
    public static byte[] Rtcp(uint ssrc, int bodyLength)
    {
        var buffer = new byte[8 + bodyLength + Spare];
        buffer[0] = 0x80;
        buffer[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(((8 + bodyLength) / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        for (var i = 0; i < bodyLength; i++)
        {
            buffer[8 + i] = (byte)(i * 31);
        }

        return buffer;
    }

    /// <summary>Protects a copy of an RTP packet and returns exactly the protected bytes.</summary>
    public static byte[] Protect(SrtpContext sender, byte[] rtp)
    {
        var buffer = (byte[])rtp.Clone();
        Assert.True(sender.TryProtectRtp(buffer, RtpLength(rtp), out var length));
        return buffer[..length];
    }
}
